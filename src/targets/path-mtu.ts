import type { CommandResult } from '../exec/runner.js';

/** IPv4 + ICMP headers a ping payload leaves room for. */
const PING_HEADERS = 28;
/** The smallest MTU every IPv4 path must carry. */
const MIN_MTU = 576;

/** Runs a command where the path starts (lab: the client's namespace; Kubernetes: the client pod). */
export type PingAt = (argv: readonly string[], timeoutMs: number) => Promise<CommandResult>;

/** Whether a ping of `mtu` bytes with DF set reaches `address`; a "frag needed" answer tells the next hop's MTU. */
async function fits(ping: PingAt, address: string, mtu: number): Promise<{ ok: boolean; hint?: number }> {
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
  const r = await ping([...argv, address], 5000);
  const hint = /mtu\s*=\s*(\d+)/.exec(r.stdout + r.stderr)?.[1];
  return { ok: r.exitCode === 0, ...(hint !== undefined && Number(hint) > 0 ? { hint: Number(hint) } : {}) };
}

/**
 * The path MTU as measured: the largest packet with DF set that crosses to `address`, found by
 * ping (the pod MTU first; then the MTU a "fragmentation needed" answer names, or a binary
 * search when packets vanish silently). Undefined when even the smallest fails (ICMP blocked,
 * no ping): the path's MTU is then unknown, not small.
 */
export async function probePathMtu(
  ping: PingAt,
  address: string,
  podMtu: number,
): Promise<number | undefined> {
  const first = await fits(ping, address, podMtu);
  if (first.ok) return podMtu;
  if (first.hint !== undefined && first.hint < podMtu) {
    // PMTU discovery answered; confirm that the named size passes
    if ((await fits(ping, address, first.hint)).ok) return first.hint;
  }
  let lo = MIN_MTU;
  let hi = podMtu - 1;
  if (!(await fits(ping, address, lo)).ok) return undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((await fits(ping, address, mid)).ok) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
