import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const Proc = z.object({ pid: z.number().int().positive(), startTime: z.string().nullable() });

/** Everything one lab run created, so that `cnibench cleanup` can remove it after a crash. */
export const LabState = z.object({
  runId: z.string().regex(/^[a-z0-9-]{1,40}$/),
  owner: Proc,
  createdAt: z.string(),
  namespaces: z.array(z.string()),
  processes: z.array(Proc.extend({ what: z.string() })),
  dirs: z.array(z.string()),
});
export type LabState = z.infer<typeof LabState>;

/**
 * The registry of lab runs: one state file per run, always here, whatever `lab.stateDir` says
 * (that setting only moves the run's working files), so that `cleanup` sees every run on the
 * machine. `CNIBENCH_STATE_DIR` moves the registry itself (tests use private ones).
 */
export function registryDir(): string {
  return process.env.CNIBENCH_STATE_DIR ?? '/run/cnibench';
}

export function stateFile(dir: string, runId: string): string {
  return join(dir, `lab-${runId}.json`);
}

const STATE_NAME = /^lab-([a-z0-9-]{1,40})\.json$/;
/** A state file being replaced (temp file of `saveState`), left behind if its writer was killed. */
const TEMP_NAME = /^lab-[a-z0-9-]{1,40}\.json\.tmp-(\d+)$/;

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Start time of a process (field 22 of /proc/PID/stat), to tell a PID from a reused one. */
export function processStartTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** True when the process that wrote a record is still the same, running (not zombie) process. */
export function isAlive(p: { pid: number; startTime: string | null }): boolean {
  const fields = statFields(p.pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[0] !== 'X' && fields[19] === p.startTime;
}

/** Waits until none of the processes is alive, or the time is up; returns those still alive. */
export async function waitExited<T extends { pid: number; startTime: string | null }>(
  procs: readonly T[],
  timeoutMs: number,
): Promise<T[]> {
  const until = Date.now() + timeoutMs;
  let alive = procs.filter(isAlive);
  while (alive.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Writes the state file atomically (temp file + rename); a failed write leaves no temp file. */
export async function saveState(dir: string, state: LabState): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = stateFile(dir, state.runId);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

export async function removeState(dir: string, runId: string): Promise<void> {
  await rm(stateFile(dir, runId), { force: true });
}

/** A state file as found: its run, and the file it came from. */
export interface FoundState {
  state: LabState;
  file: string;
}

/**
 * Every lab state file in `dir`: readable ones in `states`, damaged ones in `bad`, and temp
 * files whose writer is gone in `stale` (debris of a run killed while it saved its state).
 */
export async function listStates(
  dir: string,
): Promise<{ states: FoundState[]; bad: string[]; stale: string[] }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { states: [], bad: [], stale: [] };
  }
  const states: FoundState[] = [];
  const bad: string[] = [];
  const stale: string[] = [];
  for (const n of names) {
    const file = join(dir, n);
    const tmp = TEMP_NAME.exec(n);
    if (tmp !== null && processStartTime(Number(tmp[1])) === null) stale.push(file);
    if (!STATE_NAME.test(n)) continue;
    try {
      const r = LabState.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (r.success) states.push({ state: r.data, file });
      else bad.push(file);
    } catch {
      bad.push(file);
    }
  }
  return { states, bad, stale };
}
