import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResultDocument } from '../../src/results/schema.js';
import { Monitor, type MonitorReport } from './monitor.js';

/**
 * The built CLI: dist/src/cli/bin.js next to this file's dist/bench/lib/, or CNIBENCH_BENCH_BIN
 * (another build's bin.js, to compare a change against the code before it).
 */
export const BIN =
  process.env.CNIBENCH_BENCH_BIN ??
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'bin.js');

export interface CliRun {
  argv: string[];
  exitCode: number | null;
  /** From spawn to exit, as the user waits. */
  wallS: number;
  /** Wall-clock times (Date.now()) of spawn and exit, to line up with the result's timestamps. */
  spawnedAt: number;
  exitedAt: number;
  stdout: string;
  /** stderr lines, each with the seconds since spawn it arrived at. */
  lines: { t: number; text: string }[];
  /** The result document, when the run wrote one. */
  doc?: ResultDocument;
  monitor?: MonitorReport;
}

export interface CliOptions {
  /** Sample the process's own CPU and memory (children excluded). */
  monitor?: boolean;
  timeoutS?: number;
}

/**
 * Runs `cnibench ARGS` as a user would, with a private lab state directory (no other run on the
 * machine is seen or touched) and a private result directory; reads back the result document.
 */
export async function runCnibench(args: readonly string[], o: CliOptions = {}): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-bench-'));
  const argv = [BIN, ...args];
  if (args[0] === 'run') argv.push('--out-dir', join(dir, 'out'));
  const t0 = performance.now();
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, argv, {
    env: { ...process.env, CNIBENCH_STATE_DIR: join(dir, 'state'), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const monitor = o.monitor && child.pid !== undefined ? new Monitor(child.pid) : undefined;
  monitor?.start();
  const lines: CliRun['lines'] = [];
  let stdout = '';
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    const t = (performance.now() - t0) / 1000;
    const parts = (partial + d).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) lines.push({ t, text });
  });
  const timer = setTimeout(() => child.kill('SIGINT'), (o.timeoutS ?? 4 * 3600) * 1000);
  const exitCode = await new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  clearTimeout(timer);
  const exitedAt = Date.now();
  const wallS = (performance.now() - t0) / 1000;
  const report = monitor?.stop();
  const file = lines.map((l) => /^result: (.+\.json)$/.exec(l.text)?.[1]).find((f) => f !== undefined);
  const doc = file === undefined ? undefined : (JSON.parse(readFileSync(file, 'utf8')) as ResultDocument);
  rmSync(dir, { recursive: true, force: true });
  return {
    argv: ['cnibench', ...args],
    exitCode,
    wallS,
    spawnedAt,
    exitedAt,
    stdout,
    lines,
    ...(doc ? { doc } : {}),
    ...(report ? { monitor: report } : {}),
  };
}

/** Throws with the run's last stderr lines unless it wrote a result and exited 0. */
export function mustSucceed(r: CliRun): ResultDocument {
  if (r.exitCode === 0 && r.doc !== undefined) return r.doc;
  const tail = r.lines
    .slice(-8)
    .map((l) => `  ${l.text}`)
    .join('\n');
  throw new Error(`\`${r.argv.join(' ')}\` exited ${r.exitCode}:\n${tail}`);
}
