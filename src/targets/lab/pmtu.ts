import type { Runner } from '../../exec/runner.js';
import { mapLimit } from '../../util/pool.js';
import { inNetns, must, SETUP_CONCURRENCY } from './ip.js';
import type { LabPlan } from './plan.js';

/** IPv4 + ICMP headers a ping payload leaves room for. */
const PING_HEADERS = 28;

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

/** Whether a ping of `mtu` bytes with DF set reaches `address`; a "frag needed" answer tells the next hop's MTU. */
async function fits(
  run: Runner,
  netns: string,
  address: string,
  mtu: number,
  signal: AbortSignal,
): Promise<{ ok: boolean; hint?: number }> {
  const argv = [
    'ping',
    '-n',
    '-c',
    '2',
    '-i',
    '0.2',
    '-W',
    '1',
    '-M',
    'do',
    '-s',
    String(mtu - PING_HEADERS),
  ];
  const r = await run(inNetns(netns, [...argv, address]), { timeoutMs: 5000, signal });
  const hint = /mtu\s*=\s*(\d+)/.exec(r.stdout + r.stderr)?.[1];
  return { ok: r.exitCode === 0, ...(hint !== undefined && Number(hint) > 0 ? { hint: Number(hint) } : {}) };
}

/**
 * The path MTU as measured: the largest packet with DF set that crosses from `netns` to
 * `address`, found by ping (the pod MTU first; then the MTU a "fragmentation needed" answer
 * names, or a binary search when packets vanish silently). Undefined when even the smallest fails.
 */
export async function probePathMtu(
  run: Runner,
  netns: string,
  address: string,
  podMtu: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const first = await fits(run, netns, address, podMtu, signal);
  if (first.ok) return podMtu;
  if (first.hint !== undefined && first.hint < podMtu) {
    // PMTU discovery answered; confirm that the named size passes
    if ((await fits(run, netns, address, first.hint, signal)).ok) return first.hint;
  }
  let lo = 576;
  let hi = podMtu - 1;
  if (!(await fits(run, netns, address, lo, signal)).ok) return undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((await fits(run, netns, address, mid, signal)).ok) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
