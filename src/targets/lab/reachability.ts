import { CnibenchError } from '../../model/errors.js';
import type { Runner } from '../../exec/runner.js';
import { inNetns } from './ip.js';

/**
 * Waits until `address` answers a ping from inside `netns` (SPEC 6.2: measure only once the
 * pod network passes traffic).
 */
export async function waitReachable(
  run: Runner,
  netns: string,
  address: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (signal.aborted) throw new CnibenchError('INTERRUPTED', 'interrupted while waiting for the network');
    const r = await run(inNetns(netns, ['ping', '-c', '1', '-W', '1', '-n', address]), {
      timeoutMs: 3000,
      signal,
    });
    if (r.exitCode === 0) return;
    last = (r.stdout + r.stderr).trim().split('\n').slice(-2).join(' ');
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new CnibenchError(
    'NOT_REACHABLE',
    `${address} did not answer from ${netns} within ${timeoutMs / 1000} s: ${last}`,
    {
      hint: 'the datapath did not come up; run `cnibench doctor` and look at the routes in the node namespaces',
    },
  );
}
