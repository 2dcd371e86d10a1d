import type { Runner } from '../../exec/runner.js';
import { mapLimit } from '../../util/pool.js';
import { inNetns, must, SETUP_CONCURRENCY } from './ip.js';
import type { LabPlan } from './plan.js';
import { probePathMtu } from '../path-mtu.js';

/**
 * `pmtuBlackhole`: every node drops the "fragmentation needed" ICMP it would send (iptables
 * OUTPUT in the node namespace), so a pod whose packets do not fit the next hop never learns it.
 */
export async function blockFragNeeded(run: Runner, plan: LabPlan): Promise<void> {
  await mapLimit(plan.nodes, SETUP_CONCURRENCY, (node) =>
    must(
      run,
      inNetns(
        node.netns,
        ['iptables', '-w', '5', '-A', 'OUTPUT', '-p', 'icmp'].concat([
          '--icmp-type',
          'fragmentation-needed',
          '-j',
          'DROP',
        ]),
      ),
      `dropping "fragmentation needed" ICMP on ${node.name} (pmtuBlackhole)`,
    ),
  );
}

/** The path MTU from a lab namespace to `address`, by DF pings (../path-mtu.ts). */
export function probeLabPathMtu(
  run: Runner,
  netns: string,
  address: string,
  podMtu: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  return probePathMtu(
    (argv, timeoutMs) => run(inNetns(netns, [...argv]), { timeoutMs, signal }),
    address,
    podMtu,
  );
}
