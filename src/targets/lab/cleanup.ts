import { rm } from 'node:fs/promises';
import type { Runner } from '../../exec/runner.js';
import { destroyNamespaces } from './destroy.js';
import { listNetns } from './ip.js';
import type { CleanupReport } from '../../model/check.js';
import { defaultStateDir, isAlive, listStates, removeState, waitExited } from './state.js';

/**
 * Removes what crashed lab runs left behind: recorded processes (only if the PID still belongs
 * to the process that was recorded), `cnb-` namespaces, IPAM state. Runs whose owner is still
 * alive are left alone unless `force`. Never touches anything not named `cnb-`.
 */
export async function cleanupLab(o: {
  run: Runner;
  stateDir?: string;
  force: boolean;
}): Promise<CleanupReport> {
  const stateDir = o.stateDir ?? defaultStateDir();
  const report: CleanupReport = { removed: [], kept: [], errors: [] };
  const { states, bad } = await listStates(stateDir);
  for (const b of bad) report.errors.push(`unreadable state file ${b} (left in place; remove it by hand)`);
  const live = new Set<string>();
  const killed: { pid: number; startTime: string | null }[] = [];
  for (const s of states) {
    if (!o.force && s.owner.pid !== process.pid && isAlive(s.owner)) {
      live.add(s.runId);
      report.kept.push({
        what: `lab run ${s.runId}`,
        reason: `still running (pid ${s.owner.pid}); stop it, or use --force`,
      });
      continue;
    }
    for (const p of s.processes) {
      if (isAlive(p)) {
        try {
          process.kill(p.pid, 'SIGKILL');
          report.removed.push(`process ${p.pid} (${p.what})`);
          killed.push(p);
        } catch (e) {
          report.errors.push(`pid ${p.pid}: ${(e as Error).message}`);
        }
      }
    }
  }
  for (const p of await waitExited(killed, 5000))
    report.errors.push(`pid ${p.pid} did not exit after SIGKILL`);
  const all = (await listNetns(o.run)).filter((n) => n.startsWith('cnb-'));
  const ours = all.filter((n) => ![...live].some((id) => n.startsWith(`cnb-${id}-`)));
  report.errors.push(...(await destroyNamespaces(o.run, ours)));
  const left = new Set(await listNetns(o.run));
  report.removed.push(...ours.filter((n) => !left.has(n)).map((n) => `namespace ${n}`));
  for (const s of states.filter((x) => !live.has(x.runId))) {
    for (const d of s.dirs) await rm(d, { recursive: true, force: true });
    await removeState(stateDir, s.runId);
  }
  return report;
}
