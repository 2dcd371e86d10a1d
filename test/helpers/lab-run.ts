import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, type LabState } from '../../src/targets/lab/state.js';
import { namespaces, runCli, startCli, type CliRun } from './cli.js';
import { count } from './reliability.js';

/** A lab run of the real CLI with its own registry of runs, temp dir and output directory. */
export interface LabRun {
  cli: CliRun;
  dir: string;
  /** CNIBENCH_STATE_DIR of this run (and of the cleanup that goes with it). */
  registry: string;
  out: string;
  env: Record<string, string>;
  /** Every process and namespace any state file of this registry recorded while the test watched. */
  seen: { processes: Map<number, LabState['processes'][number]>; namespaces: Set<string>; dirs: Set<string> };
  stopWatching: () => void;
}

const made: string[] = [];
// The tests' own directories go when the test file ends (after each test checked for debris).
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh directory under the temp dir, removed when the test file ends. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A suite of one measurement on the given placements, with its repetitions and duration. */
export function suiteYaml(o: {
  repeat: number;
  duration: number;
  placements: string[];
  stateDir?: string;
}): string {
  return [
    ...(o.stateDir === undefined ? [] : ['lab:', `  stateDir: ${o.stateDir}`]),
    'suites:',
    '  t:',
    `    repeat: ${o.repeat}`,
    `    duration: ${o.duration}`,
    '    warmup: 0',
    `    placements: [${o.placements.join(', ')}]`,
    '    measurements:',
    '      - { kind: tcp, streams: [1] }',
    '',
  ].join('\n');
}

export async function startLabRun(
  suite: string,
  o: { registry?: string; out?: string; scenario?: string } = {},
): Promise<LabRun> {
  const dir = await tempDir('cnb-rel-');
  const registry = o.registry ?? join(dir, 'registry');
  const out = o.out ?? join(dir, 'out');
  const cfg = join(dir, 'suite.yaml');
  writeFileSync(cfg, suite);
  const env = { CNIBENCH_STATE_DIR: registry, TMPDIR: join(dir, 'tmp') };
  mkdirSync(env.TMPDIR, { recursive: true });
  const cli = startCli(
    [
      'run',
      '--config',
      cfg,
      '--suite',
      't',
      '--scenario',
      o.scenario ?? 'bridge-native',
      '--out',
      out,
      '--format',
      'none',
    ],
    env,
  );
  const seen: LabRun['seen'] = { processes: new Map(), namespaces: new Set(), dirs: new Set() };
  const timer = setInterval(() => {
    for (const s of states(registry)) {
      for (const p of s.processes) seen.processes.set(p.pid, p);
      for (const n of s.namespaces) seen.namespaces.add(n);
      for (const d of s.dirs) seen.dirs.add(d);
    }
  }, 20);
  return { cli, dir, registry, out, env, seen, stopWatching: () => clearInterval(timer) };
}

/** The state files of a registry, as they are now. */
export function states(registry: string): LabState[] {
  let names: string[] = [];
  try {
    names = readdirSync(registry).filter((n) => /^lab-.*\.json$/.test(n));
  } catch {
    return [];
  }
  const out: LabState[] = [];
  for (const n of names) {
    try {
      out.push(JSON.parse(readFileSync(join(registry, n), 'utf8')) as LabState);
    } catch {
      // being replaced at this very moment
    }
  }
  return out;
}

/** Resolves once `cond` holds (polled every 10 ms), or rejects after `ms`. */
export async function until<T>(what: string, cond: () => T | undefined | false, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = cond();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The run's id once it printed it. */
export function runIdOf(r: LabRun): string | undefined {
  return /run (\w+):/.exec(r.cli.stderr())?.[1];
}

/** Result files (final or partial) of a run's output directory, and temp-file debris there. */
export function outputs(dir: string): { finals: string[]; partials: string[]; temps: string[] } {
  const names = existsSync(dir) ? readdirSync(dir) : [];
  return {
    finals: names.filter((n) => /^cnibench-\d{8}T\d{6}-[a-z0-9]+\.json$/.test(n)).map((n) => join(dir, n)),
    partials: names.filter((n) => n.endsWith('.partial.json')).map((n) => join(dir, n)),
    temps: names.filter((n) => n.includes('.tmp-')).map((n) => join(dir, n)),
  };
}

/** Runs `cnibench cleanup` with the run's registry (never the machine's). */
export function cleanup(r: LabRun): ReturnType<typeof runCli> {
  return runCli(['cleanup'], { env: r.env, timeoutMs: 120_000 });
}

/**
 * What a run left behind: its namespaces, live recorded processes, state files in its registry,
 * its working directories, temp files in its output directory. Counted as leftovers.
 */
export function leftovers(r: LabRun, runId: string | undefined): string[] {
  r.stopWatching();
  const found: string[] = [];
  const mine = [...r.seen.namespaces, ...(runId === undefined ? [] : namespaces(`cnb-${runId}-`))];
  const existing = new Set(namespaces('cnb-'));
  for (const n of new Set(mine)) if (existing.has(n)) found.push(`namespace ${n}`);
  for (const p of r.seen.processes.values()) if (isAlive(p)) found.push(`process ${p.pid} (${p.what})`);
  for (const s of states(r.registry)) found.push(`state file of ${s.runId}`);
  for (const d of r.seen.dirs) if (existsSync(d)) found.push(`directory ${d}`);
  for (const t of outputs(r.out).temps) found.push(`temp file ${t}`);
  count('leftovers', found.length, found.join(', '));
  return found;
}

/** Repetitions the run reported finished on stderr (`[n/N] ... rep k/R: ...`). */
export function finishedReps(r: LabRun): number {
  return (r.cli.stderr().match(/^\s+\[\d+\/\d+\] .* rep \d+\/\d+: /gm) ?? []).length;
}

/** Repetitions reported finished but missing from the saved document: lost measurements. */
export function lost(reported: number, saved: number, what: string): number {
  const n = Math.max(0, reported - saved);
  count('lost', n, n > 0 ? `${what}: ${n} of ${reported} finished repetitions missing` : '');
  return n;
}
