import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Everything one lab run created, so that `cnibench cleanup` can remove it after a crash. */
export interface LabState {
  runId: string;
  owner: { pid: number; startTime: string | null };
  createdAt: string;
  namespaces: string[];
  processes: { pid: number; startTime: string | null; what: string }[];
  dirs: string[];
}

export function defaultStateDir(): string {
  return process.env.CNIBENCH_STATE_DIR ?? '/run/cnibench';
}

export function stateFile(stateDir: string, runId: string): string {
  return join(stateDir, `lab-${runId}.json`);
}

/** Start time of a process (field 22 of /proc/PID/stat), to tell a PID from a reused one. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** True when the process that wrote a record is still the same, running (not zombie) process. */
export function isAlive(p: { pid: number; startTime: string | null }): boolean {
  try {
    const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' && fields[0] !== 'X' && fields[19] === p.startTime;
  } catch {
    return false;
  }
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

/** Writes the state file atomically (temp file + rename). */
export async function saveState(stateDir: string, state: LabState): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = stateFile(stateDir, state.runId);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(tmp, file);
}

export async function removeState(stateDir: string, runId: string): Promise<void> {
  await rm(stateFile(stateDir, runId), { force: true });
}

/** All lab state files, skipping unreadable ones (reported by the caller through `bad`). */
export async function listStates(stateDir: string): Promise<{ states: LabState[]; bad: string[] }> {
  let names: string[];
  try {
    names = await readdir(stateDir);
  } catch {
    return { states: [], bad: [] };
  }
  const states: LabState[] = [];
  const bad: string[] = [];
  for (const n of names.filter((x) => /^lab-[a-z0-9]+\.json$/.test(x))) {
    try {
      states.push(JSON.parse(await readFile(join(stateDir, n), 'utf8')) as LabState);
    } catch {
      bad.push(join(stateDir, n));
    }
  }
  return { states, bad };
}
