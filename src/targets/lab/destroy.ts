import type { Runner } from '../../exec/runner.js';
import { mapLimit } from '../../util/pool.js';
import { listNetns, SETUP_CONCURRENCY } from './ip.js';
import { pidsByNetns } from './netns-pids.js';

/**
 * Removes lab namespaces: first ends the processes inside them (they can only be ours: the
 * namespaces are; found in one pass over /proc), then deletes the namespaces, several at once,
 * which removes every link and route in them. Returns what could not be removed.
 */
export async function destroyNamespaces(run: Runner, namespaces: readonly string[]): Promise<string[]> {
  const existing = new Set(await listNetns(run));
  const targets = namespaces.filter((n) => existing.has(n) && n.startsWith('cnb-'));
  const busy = [...(await pidsByNetns(targets)).values()].flat();
  for (const pid of busy) signal(pid, 'SIGTERM');
  // a run that stopped its own servers leaves no process: then there is nothing to wait for
  if (busy.length > 0) {
    await waitGone(targets, 2000);
    for (const pids of (await pidsByNetns(targets)).values()) for (const pid of pids) signal(pid, 'SIGKILL');
  }
  const failed = await mapLimit([...targets].reverse(), SETUP_CONCURRENCY, async (ns) => {
    const r = await run(['ip', 'netns', 'del', ns], { timeoutMs: 15_000 });
    return r.exitCode !== 0 ? `${ns}: ${r.stderr.trim()}` : undefined;
  });
  return failed.filter((f): f is string => f !== undefined);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitGone(namespaces: string[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const pids = await pidsByNetns(namespaces);
    if ([...pids.values()].every((p) => p.length === 0)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
