import { join } from 'node:path';
import type { Runner } from '../../exec/runner.js';
import { mapLimit } from '../../util/pool.js';
import type { LabScenario } from './schema.js';
import { cniAdd, cniDel, type CniHost, type ConfList } from './cni.js';
import type { AttachedPod } from './pod.js';
export type { AttachedPod } from './pod.js';
import { buildFabric, linkNodes } from './fabric.js';
import { inNetns, must, SETUP_CONCURRENCY } from './ip.js';
import type { LabProfile } from './profiles/index.js';
import type { LabPlan, PodPlan } from './plan.js';
import { planNamespaces } from './plan.js';
import { withBandwidth } from './bandwidth.js';
import { blockFragNeeded } from './pmtu.js';
import { buildSecondaryFabric, secondaryConf } from './secondary.js';

export interface BuiltLab {
  pods: AttachedPod[];
  podMtu: number;
}

export interface BuildOptions {
  run: Runner;
  plan: LabPlan;
  profile: LabProfile;
  scenario: LabScenario;
  pluginDir: string;
  ipamDir: string;
  /** Called before each namespace is created, so the state file can record it. */
  onNamespace: (netns: string) => Promise<void>;
  onPod?: (pod: AttachedPod) => void;
}

/**
 * Builds the fabric, the nodes, the datapath and the pods of one scenario. Steps that touch
 * different namespaces run side by side (at most SETUP_CONCURRENCY at once): namespaces, node
 * links, each node's routes, the pods of different nodes. Pods of one node attach one by one.
 */
export async function buildLab(o: BuildOptions): Promise<BuiltLab> {
  const { run, plan, scenario } = o;
  await createNamespaces(run, planNamespaces(plan), o.onNamespace);
  await buildFabric(run, plan, scenario);
  await linkNodes(run, plan, scenario);
  if (scenario.secondary !== undefined)
    await buildSecondaryFabric(run, plan, scenario.secondary, `scenario ${scenario.name}`);
  await o.profile.wire(run, plan, scenario.mtu);
  if (scenario.pmtuBlackhole === true) await blockFragNeeded(run, plan);
  const podMtu = scenario.podMtu ?? o.profile.podMtu(scenario.mtu);
  const pods = await attachPods(o, Object.values(plan.pods), podMtu);
  await o.profile.afterPods?.(run, plan, pods, join(o.ipamDir, '..', `datapath-${plan.runId}`));
  return { pods, podMtu };
}

/** Creates namespaces (each recorded first) with their loopback up, several at once. */
export async function createNamespaces(
  run: Runner,
  namespaces: readonly string[],
  onNamespace: (netns: string) => Promise<void>,
): Promise<void> {
  await mapLimit(namespaces, SETUP_CONCURRENCY, async (ns) => {
    await onNamespace(ns);
    await must(run, ['ip', 'netns', 'add', ns], `creating namespace ${ns}`);
    await must(run, ['ip', '-n', ns, 'link', 'set', 'lo', 'up'], `loopback in ${ns}`);
  });
}

/** CNI ADD of pods: one node's pods in turn, different nodes side by side. Returns them in the given order. */
export async function attachPods(
  o: Pick<BuildOptions, 'run' | 'profile' | 'pluginDir' | 'ipamDir' | 'onPod'> & {
    scenario?: LabScenario;
  },
  pods: readonly PodPlan[],
  podMtu: number,
): Promise<AttachedPod[]> {
  const byNode = groupByNode(pods);
  const attached = new Map<PodPlan, AttachedPod>();
  await mapLimit(byNode, SETUP_CONCURRENCY, async (group) => {
    for (const pod of group) {
      const where = `scenario ${o.scenario?.name ?? ''}`;
      const conflist = withBandwidth(
        o.profile.conflist(pod.node, podMtu, o.ipamDir),
        o.scenario?.bandwidth,
        where,
      );
      const a = await attachPod(o.run, o.pluginDir, pod, conflist);
      const second = o.scenario?.secondary;
      if (second !== undefined)
        a.secondary = await attachSecondary(
          o.run,
          o.pluginDir,
          pod,
          secondaryConf(pod.node, second, o.ipamDir),
        );
      o.onPod?.(a);
      attached.set(pod, a);
    }
  });
  return pods.map((p) => attached.get(p)!);
}

async function attachPod(
  run: Runner,
  pluginDir: string,
  pod: PodPlan,
  conflist: ConfList,
): Promise<AttachedPod> {
  const host: CniHost = { run, pluginDir, nodeNetns: pod.node.netns };
  const result = await cniAdd(host, conflist, {
    containerId: pod.containerId,
    netnsPath: `/var/run/netns/${pod.netns}`,
    ifName: 'eth0',
  });
  const address = result.ips?.[0]?.address.split('/')[0];
  if (address === undefined) throw new Error(`CNI result for ${pod.name} has no IP address`);
  return { plan: pod, address, mtu: await linkMtu(run, pod.netns, 'eth0'), conflist, result };
}

/** CNI ADD of the pod's second interface (`net1`), as Multus does for a NetworkAttachmentDefinition. */
async function attachSecondary(
  run: Runner,
  pluginDir: string,
  pod: PodPlan,
  conflist: ConfList,
): Promise<NonNullable<AttachedPod['secondary']>> {
  const host: CniHost = { run, pluginDir, nodeNetns: pod.node.netns };
  const result = await cniAdd(host, conflist, {
    containerId: pod.containerId,
    netnsPath: `/var/run/netns/${pod.netns}`,
    ifName: 'net1',
  });
  const address = result.ips?.[0]?.address.split('/')[0];
  if (address === undefined) throw new Error(`CNI result of ${pod.name}'s net1 has no IP address`);
  return { address, mtu: await linkMtu(run, pod.netns, 'net1'), conflist, result };
}

function groupByNode<T extends { node: unknown }>(items: readonly T[]): T[][] {
  const groups = new Map<unknown, T[]>();
  for (const x of items) groups.set(x.node, [...(groups.get(x.node) ?? []), x]);
  return [...groups.values()];
}

/**
 * CNI DEL for every attached pod, newest first on each node, nodes side by side. Returns the
 * errors instead of throwing.
 */
export async function detachPods(
  run: Runner,
  pluginDir: string,
  pods: readonly AttachedPod[],
): Promise<string[]> {
  const byNode = groupByNode([...pods].reverse().map((p) => ({ node: p.plan.node, pod: p })));
  const errors = await mapLimit(byNode, SETUP_CONCURRENCY, async (group) => {
    const out: string[] = [];
    for (const { pod } of group) {
      const host: CniHost = { run, pluginDir, nodeNetns: pod.plan.node.netns };
      const att = { containerId: pod.plan.containerId, netnsPath: `/var/run/netns/${pod.plan.netns}` };
      if (pod.secondary !== undefined)
        out.push(
          ...(await cniDel(host, pod.secondary.conflist, { ...att, ifName: 'net1' }, pod.secondary.result)),
        );
      out.push(
        ...(await cniDel(
          host,
          pod.conflist,
          {
            containerId: pod.plan.containerId,
            netnsPath: `/var/run/netns/${pod.plan.netns}`,
            ifName: 'eth0',
          },
          pod.result,
        )),
      );
    }
    return out;
  });
  return errors.flat();
}

/** The MTU of an interface inside a namespace. */
export async function linkMtu(run: Runner, netns: string, dev: string): Promise<number> {
  const out = await must(
    run,
    inNetns(netns, ['cat', `/sys/class/net/${dev}/mtu`]),
    `reading the MTU of ${dev} in ${netns}`,
  );
  return Number(out.trim());
}
