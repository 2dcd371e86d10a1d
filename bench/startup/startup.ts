import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../../src/stats/bootstrap.js';
import type { ResultDocument } from '../../src/results/schema.js';
import { summarizeResult } from '../../src/results/summarize.js';
import { BIN } from '../lib/cnibench.js';
import { run } from '../lib/exec.js';
import { sig, type FigureLog } from '../lib/figure.js';

export interface StartupOptions {
  /** Runs of each command; the figures are the median and the fastest. */
  repeats: number;
}

/** A real run's result (two profiles, 18 measurements), from the test fixtures. */
const FIXTURE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'results',
  'lab-quick-bridge-vxlan.json',
);
const TARGET_BYTES = 10 * 1024 * 1024;

interface Timed {
  wallS: number;
  cpuS: number;
  rssMb: number;
}

/** One command under /usr/bin/time: wall and CPU seconds, peak RSS (`node` alone: args undefined). */
async function timed(args: readonly string[] | undefined): Promise<Timed> {
  const cmd = args === undefined ? ['-e', '0'] : [BIN, ...args];
  const r = await run(['/usr/bin/time', '-f', 'BENCH %e %U %S %M', process.execPath, ...cmd], 120);
  const m = /BENCH ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.code !== 0 || !m)
    throw new Error(`${cmd.join(' ')} failed (exit ${r.code}): ${r.stderr.slice(-400)}`);
  return { wallS: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024 };
}

/**
 * A 10 MB result file made of a real run's result: each measurement's real repetitions (raw
 * tool output included) repeated until the file reaches 10 MB, summaries recomputed.
 */
export function bigResult(file: string): number {
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ResultDocument;
  const size = Buffer.byteLength(JSON.stringify(doc));
  const times = Math.ceil(TARGET_BYTES / size);
  let seq = 0;
  for (const r of doc.results) {
    const reps = r.repetitions;
    r.repetitions = Array.from({ length: times * reps.length }, (_, i) => ({
      ...structuredClone(reps[i % reps.length]!),
      index: i + 1,
      seq: ++seq,
    }));
    r.summaries = summarizeResult(r);
  }
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return statSync(file).size;
}

/** `cnibench --help` and `cnibench report` on a 10 MB result, each run `repeats` times. */
export async function startup(o: StartupOptions, log: FigureLog): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-startup-'));
  try {
    const file = join(dir, 'big.json');
    const bytes = bigResult(file);
    log.note(`result file: ${(bytes / 1024 / 1024).toFixed(1)} MB (a real run's repetitions repeated)`);
    const cases = [
      { name: '`cnibench --help`', args: ['--help'], wall: 0.5, rss: 100 },
      { name: '`cnibench report` (terminal) on the 10 MB file', args: ['report', file], wall: 3, rss: 300 },
    ];
    const runs = new Map<string, Timed[]>(cases.map((c) => [c.name, []]));
    const bare: Timed[] = [];
    // alternated, so that a burst of load hits all alike
    for (let i = 0; i < o.repeats; i++) {
      bare.push(await timed(undefined));
      for (const c of cases) runs.get(c.name)!.push(await timed(c.args));
    }
    log.add({
      section: 'startup',
      name: 'baseline: `node -e 0` (Node.js alone, for scale)',
      value: `fastest ${sig(Math.min(...bare.map((x) => x.wallS)))} s, median ${sig(median(bare.map((x) => x.wallS)))} s, ${sig(Math.max(...bare.map((x) => x.rssMb)))} MB RSS`,
      target: '',
      met: null,
    });
    for (const c of cases) {
      const t = runs.get(c.name)!;
      const fastest = Math.min(...t.map((x) => x.wallS));
      log.add({
        section: 'startup',
        name: `${c.name} wall time`,
        value: `fastest ${sig(fastest)} s, median ${sig(median(t.map((x) => x.wallS)))} s, CPU median ${sig(median(t.map((x) => x.cpuS)))} s (${t.length} runs)`,
        target: `fastest at most ${c.wall} s`,
        met: fastest <= c.wall,
      });
      const rss = Math.max(...t.map((x) => x.rssMb));
      log.add({
        section: 'startup',
        name: `${c.name} peak memory`,
        value: `${sig(rss)} MB RSS (largest of ${t.length} runs)`,
        target: `at most ${c.rss} MB`,
        met: rss <= c.rss,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
