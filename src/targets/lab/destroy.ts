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
  for (const ns of targets) {
    for (const pid of await netnsPids(run, ns)) signal(pid, 'SIGTERM');
  }
  if (targets.length > 0) await waitGone(run, targets, 2000);
  for (const ns of targets) {
    for (const pid of await netnsPids(run, ns)) signal(pid, 'SIGKILL');
  }
  const failed: string[] = [];
  for (const ns of [...targets].reverse()) {
    const r = await run(['ip', 'netns', 'del', ns], { timeoutMs: 15_000 });
    if (r.exitCode !== 0) failed.push(`${ns}: ${r.stderr.trim()}`);
  }
  return failed;
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
