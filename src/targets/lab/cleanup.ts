import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Runner } from '../../exec/runner.js';
import { destroyNamespaces } from './destroy.js';
import { listNetns } from './ip.js';
import type { CleanupReport } from '../../model/check.js';
import { isAlive, listStates, registryDir, waitExited, type FoundState, type LabState } from './state.js';

/** Directories a lab run or probe creates; nothing else is ever removed, whatever a state file says. */
const OWN_DIR = /^(lab-[a-z0-9-]+|cnb-probe-[A-Za-z0-9]+)$/;

/**
 * Removes what crashed lab runs left behind: recorded processes (only if the PID still belongs
 * to the process that was recorded), their `cnb-` namespaces, working directories (IPAM state)
 * and state files. Runs are found in the registry (`registryDir()`) and, for files written by
 * older versions, in `stateDir`. A run whose owner is alive is left alone unless `force`; a
 * `cnb-` namespace no recorded run owns (e.g. of a run using another registry) is never touched.
 */
export async function cleanupLab(o: {
  run: Runner;
  stateDir?: string;
  registry?: string;
  force: boolean;
}): Promise<CleanupReport> {
  const report: CleanupReport = { removed: [], kept: [], errors: [] };
  const found = await findStates(o.registry ?? registryDir(), o.stateDir, report);
  const live = found.filter((f) => !o.force && f.state.owner.pid !== process.pid && isAlive(f.state.owner));
  const dead = found.filter((f) => !live.includes(f));
  for (const f of live) {
    report.kept.push({
      what: `lab run ${f.state.runId}`,
      reason: `still running (pid ${f.state.owner.pid}); stop it, or use --force`,
    });
  }
  await stopProcesses(
    dead.map((f) => f.state),
    report,
  );
  const existing = (await listNetns(o.run)).filter((n) => n.startsWith('cnb-'));
  const owned = (s: LabState): string[] =>
    existing.filter((n) => s.namespaces.includes(n) || n.startsWith(`cnb-${s.runId}-`));
  const doomed = dead.flatMap((f) => owned(f.state));
  const claimed = new Set([...doomed, ...live.flatMap((f) => owned(f.state))]);
  for (const n of existing.filter((x) => !claimed.has(x))) {
    report.kept.push({
      what: `namespace ${n}`,
      reason: `no run recorded in ${o.registry ?? registryDir()} created it (a run with another CNIBENCH_STATE_DIR?); remove it with \`ip netns del ${n}\` if it is stale`,
    });
  }
  report.errors.push(...(await destroyNamespaces(o.run, doomed)));
  const left = new Set(await listNetns(o.run));
  report.removed.push(...doomed.filter((n) => !left.has(n)).map((n) => `namespace ${n}`));
  for (const f of dead) await removeFiles(f, report);
  return report;
}

/** State files of the registry and of `extra`, one per run (the registry's wins); debris removed. */
async function findStates(
  registry: string,
  extra: string | undefined,
  report: CleanupReport,
): Promise<FoundState[]> {
  const dirs = [...new Set([resolve(registry), ...(extra === undefined ? [] : [resolve(extra)])])];
  const out: FoundState[] = [];
  for (const dir of dirs) {
    const { states, bad, stale } = await listStates(dir);
    for (const b of bad) report.errors.push(`unreadable state file ${b} (left in place; remove it by hand)`);
    for (const s of stale) {
      await rm(s, { force: true });
      report.removed.push(`temp file ${s}`);
    }
    for (const s of states) if (!out.some((x) => x.state.runId === s.state.runId)) out.push(s);
  }
  return out;
}

async function stopProcesses(states: readonly LabState[], report: CleanupReport): Promise<void> {
  const killed: { pid: number; startTime: string | null }[] = [];
  for (const p of states.flatMap((s) => s.processes)) {
    if (!isAlive(p)) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
      report.removed.push(`process ${p.pid} (${p.what})`);
      killed.push(p);
    } catch (e) {
      report.errors.push(`pid ${p.pid}: ${(e as Error).message}`);
    }
  }
  for (const p of await waitExited(killed, 5000))
    report.errors.push(`pid ${p.pid} did not exit after SIGKILL`);
}

async function removeFiles(f: FoundState, report: CleanupReport): Promise<void> {
  for (const d of f.state.dirs) {
    if (!OWN_DIR.test(basename(d))) {
      report.errors.push(`state file ${f.file} names ${d}, which no lab run creates; left in place`);
      continue;
    }
    try {
      if (!existsSync(d)) continue;
      await rm(d, { recursive: true, force: true });
      report.removed.push(`directory ${d}`);
    } catch (e) {
      report.errors.push(`${d}: ${(e as Error).message}`);
    }
  }
  await rm(f.file, { force: true });
  report.removed.push(`state of lab run ${f.state.runId}`);
}
