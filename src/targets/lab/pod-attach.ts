import type { Runner } from '../../exec/runner.js';
import { CnibenchError } from '../../model/errors.js';
import type { NewPod } from '../target.js';
import { cniAdd, cniDel, type CniHost } from './cni.js';
import { destroyNamespaces } from './destroy.js';
import { inNetns, must } from './ip.js';
import type { NodePlan } from './plan.js';
import type { LabProfile } from './profiles/index.js';

/** What attaching a pod on demand needs from the session. */
export interface PodAttachParts {
  run: Runner;
  profile: LabProfile;
  pluginDir: string;
  ipamDir: string;
  podMtu: number;
  runId: string;
  /** Hold the pod's incoming traffic this long after CNI ADD returns (an optimistic CNI); 0: none. */
  asyncReadyMs: number;
  addNamespace(netns: string): Promise<void>;
  removeNamespace(netns: string): Promise<void>;
}

/** The nft table that holds a new pod's traffic: every packet entering the pod is dropped. */
export const HOLD_RULES =
  'table inet cnb_hold {\n  chain hold {\n    type filter hook prerouting priority raw; policy drop;\n  }\n}\n';

let serial = 0;

/**
 * A new pod on `node`: its namespace (recorded first), CNI ADD with the scenario's own conflist,
 * timed as a container runtime would see it. With `asyncReadyMs`, the pod's incoming traffic is
 * dropped from before ADD until that long after ADD returned, as when a CNI answers ADD before
 * its datapath is programmed.
 */
export async function attachNewPod(
  o: PodAttachParts,
  node: NodePlan,
  probe?: readonly string[],
): Promise<NewPod & { netns: string }> {
  serial += 1;
  const name = `pn${serial}`;
  const netns = `cnb-${o.runId}-${name}`;
  const containerId = `cnibench-${o.runId}-${name}`;
  await o.addNamespace(netns);
  await must(o.run, ['ip', 'netns', 'add', netns], `creating namespace ${netns}`);
  await must(o.run, ['ip', '-n', netns, 'link', 'set', 'lo', 'up'], `loopback in ${netns}`);
  if (o.asyncReadyMs > 0) await hold(o.run, netns);
  // started before ADD, so that its first success is not delayed by a process start after it
  const probed = probe === undefined ? undefined : o.run(inNetns(netns, probe), { timeoutMs: 120_000 });
  const host: CniHost = { run: o.run, pluginDir: o.pluginDir, nodeNetns: node.netns };
  const att = { containerId, netnsPath: `/var/run/netns/${netns}`, ifName: 'eth0' };
  const conflist = o.profile.conflist(node, o.podMtu, o.ipamDir);
  const started = performance.now();
  const result = await cniAdd(host, conflist, att);
  const addMs = performance.now() - started;
  const readyAtMs = Date.now();
  const address = result.ips?.[0]?.address.split('/')[0];
  if (address === undefined)
    throw new CnibenchError('CNI_FAILED', `CNI result for ${name} has no IP address`);
  const release = o.asyncReadyMs > 0 ? releaseLater(o.run, netns, o.asyncReadyMs) : undefined;
  let removed: Promise<{ delMs: number }> | undefined;
  return {
    netns,
    endpoint: { id: `${node.name}/${name}`, node: node.name, address, mtu: o.podMtu },
    addMs: round3(addMs),
    readyAtMs,
    ...(probed === undefined ? {} : { probe: probed }),
    remove: () => {
      removed ??= (async () => {
        await release?.cancel();
        const t = performance.now();
        const errors = await cniDel(host, conflist, att, result);
        const delMs = performance.now() - t;
        await destroyNamespaces(o.run, [netns]);
        await o.removeNamespace(netns);
        if (errors.length > 0) throw new CnibenchError('CNI_FAILED', errors.join('; '));
        return { delMs: round3(delMs) };
      })();
      return removed;
    },
  };
}

async function hold(run: Runner, netns: string): Promise<void> {
  const r = await run(inNetns(netns, ['nft', '-f', '-']), { timeoutMs: 10_000, input: HOLD_RULES });
  if (r.exitCode !== 0 || r.timedOut) {
    throw new CnibenchError(
      'LAB_SETUP_FAILED',
      `holding the traffic of ${netns} failed: ${r.stderr.trim()}`,
      {
        hint: 'asyncReadyMs needs nftables in the pod namespace (apt-get install nftables)',
      },
    );
  }
}

/** Removes the hold after `ms`; `cancel` removes it at once if it is still there. */
function releaseLater(run: Runner, netns: string, ms: number): { cancel(): Promise<void> } {
  let done: Promise<void> | undefined;
  const lift = (): Promise<void> => {
    done ??= run(inNetns(netns, ['nft', 'delete', 'table', 'inet', 'cnb_hold']), { timeoutMs: 10_000 }).then(
      () => undefined,
    );
    return done;
  };
  const timer = setTimeout(() => void lift(), ms);
  return {
    cancel: () => {
      clearTimeout(timer);
      return lift();
    },
  };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
