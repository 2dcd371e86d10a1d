import { join } from 'node:path';
import type { Runner } from '../../exec/runner.js';
import type { LabScenario } from './schema.js';
import { parseBitrate } from '../../util/units.js';
import { cniAdd, cniDel, type CniHost } from './cni.js';
import type { AttachedPod } from './pod.js';
export type { AttachedPod } from './pod.js';
import { inNetns, must } from './ip.js';
import type { LabProfile } from './profiles/index.js';
import type { LabPlan } from './plan.js';
import { planNamespaces } from './plan.js';

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
  /** Called after each namespace exists, so the state file can record it. */
  onNamespace: (netns: string) => Promise<void>;
  onPod?: (pod: AttachedPod) => void;
}

/** Builds the fabric, the nodes, the datapath and the pods of one scenario. */
export async function buildLab(o: BuildOptions): Promise<BuiltLab> {
  const { run, plan, scenario } = o;
  for (const ns of planNamespaces(plan)) {
    await o.onNamespace(ns);
    await must(run, ['ip', 'netns', 'add', ns], `creating namespace ${ns}`);
    await must(run, ['ip', '-n', ns, 'link', 'set', 'lo', 'up'], `loopback in ${ns}`);
  }
  await must(run, ['ip', '-n', plan.fabricNetns, 'link', 'add', 'br0', 'type', 'bridge'], 'fabric bridge');
  await must(run, ['ip', '-n', plan.fabricNetns, 'link', 'set', 'br0', 'up'], 'fabric bridge up');
  for (const node of plan.nodes) {
    const mtu = String(scenario.mtu);
    await must(
      run,
      [
        'ip',
        '-n',
        node.netns,
        'link',
        'add',
        'eth0',
        'mtu',
        mtu,
        'type',
        'veth',
        'peer',
        'name',
        node.name,
        'mtu',
        mtu,
        'netns',
        plan.fabricNetns,
      ],
      `fabric link of ${node.name}`,
    );
    await must(
      run,
      ['ip', '-n', plan.fabricNetns, 'link', 'set', node.name, 'master', 'br0', 'up'],
      `fabric port of ${node.name}`,
    );
    await must(
      run,
      ['ip', '-n', node.netns, 'addr', 'add', `${node.fabricIp}/${plan.fabricPrefix}`, 'dev', 'eth0'],
      `fabric address of ${node.name}`,
    );
    await must(run, ['ip', '-n', node.netns, 'link', 'set', 'eth0', 'up'], `fabric link up on ${node.name}`);
    await enableForwarding(run, node.netns);
    if (scenario.linkRate !== undefined) {
      const bps = parseBitrate(scenario.linkRate, `scenario ${scenario.name}: linkRate`);
      await must(
        run,
        [
          'tc',
          '-n',
          node.netns,
          'qdisc',
          'add',
          'dev',
          'eth0',
          'root',
          'tbf',
          'rate',
          `${bps}bit`,
          'burst',
          '512kb',
          'latency',
          '50ms',
        ],
        `shaping ${node.name}'s link to ${scenario.linkRate}`,
      );
    }
  }
  await o.profile.wire(run, plan, scenario.mtu);
  const podMtu = o.profile.podMtu(scenario.mtu);
  const pods: AttachedPod[] = [];
  for (const pod of Object.values(plan.pods)) {
    const conflist = o.profile.conflist(pod.node, podMtu, o.ipamDir);
    const host: CniHost = { run, pluginDir: o.pluginDir, nodeNetns: pod.node.netns };
    const result = await cniAdd(host, conflist, {
      containerId: pod.containerId,
      netnsPath: `/var/run/netns/${pod.netns}`,
      ifName: 'eth0',
    });
    const address = result.ips?.[0]?.address.split('/')[0];
    if (address === undefined) throw new Error(`CNI result for ${pod.name} has no IP address`);
    const attached = { plan: pod, address, mtu: await linkMtu(run, pod.netns, 'eth0'), conflist, result };
    o.onPod?.(attached);
    pods.push(attached);
  }
  await o.profile.afterPods?.(run, plan, pods, join(o.ipamDir, '..', `datapath-${plan.runId}`));
  return { pods, podMtu };
}

/** CNI DEL for every attached pod, newest first. Returns the errors instead of throwing. */
export async function detachPods(
  run: Runner,
  pluginDir: string,
  pods: readonly AttachedPod[],
): Promise<string[]> {
  const errors: string[] = [];
  for (const pod of [...pods].reverse()) {
    const host: CniHost = { run, pluginDir, nodeNetns: pod.plan.node.netns };
    errors.push(
      ...(await cniDel(
        host,
        pod.conflist,
        { containerId: pod.plan.containerId, netnsPath: `/var/run/netns/${pod.plan.netns}`, ifName: 'eth0' },
        pod.result,
      )),
    );
  }
  return errors;
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

/** Enables forwarding inside a node namespace (per-namespace sysctl; the host's is untouched). */
async function enableForwarding(run: Runner, netns: string): Promise<void> {
  await must(
    run,
    inNetns(netns, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']),
    `IP forwarding in ${netns}`,
  );
}
