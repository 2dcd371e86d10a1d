import type { Runner } from '../../exec/runner.js';
import { listNetns, netnsPids } from './ip.js';

/**
 * Removes lab namespaces: first ends the processes inside them (they can only be ours: the
 * namespaces are), then deletes the namespaces, which removes every link and route in them.
 * Returns what could not be removed.
 */
export async function destroyNamespaces(run: Runner, namespaces: readonly string[]): Promise<string[]> {
  const existing = new Set(await listNetns(run));
  const targets = namespaces.filter((n) => existing.has(n) && n.startsWith('cnb-'));
  // a run that stopped its own servers leaves no process: then there is nothing to wait for
  const busy = await withPids(run, targets);
  for (const pid of busy.flatMap((b) => b.pids)) signal(pid, 'SIGTERM');
  if (busy.length > 0) {
    const left = busy.map((b) => b.ns);
    await waitGone(run, left, 2000);
    for (const b of await withPids(run, left)) for (const pid of b.pids) signal(pid, 'SIGKILL');
  }
  const failed: string[] = [];
  for (const ns of [...targets].reverse()) {
    const r = await run(['ip', 'netns', 'del', ns], { timeoutMs: 15_000 });
    if (r.exitCode !== 0) failed.push(`${ns}: ${r.stderr.trim()}`);
  }
  return failed;
}

/** The namespaces that still hold processes, with their PIDs (asked all at once). */
async function withPids(
  run: Runner,
  namespaces: readonly string[],
): Promise<{ ns: string; pids: number[] }[]> {
  const all = await Promise.all(namespaces.map(async (ns) => ({ ns, pids: await netnsPids(run, ns) })));
  return all.filter((x) => x.pids.length > 0);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitGone(run: Runner, namespaces: string[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    let any = false;
    for (const ns of namespaces) if ((await netnsPids(run, ns)).length > 0) any = true;
    if (!any) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
