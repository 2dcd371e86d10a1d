import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Counters of the reliability suite: each test file adds what it tried, and the summary test
 * (run last) adds them up into one line. Files of one test run share the test runner's PID
 * (every test file is a child process of it), so runs never mix.
 */
export type Counter = 'inputs' | 'crashes' | 'interruptions' | 'faults' | 'leftovers' | 'lost';

export const COUNTERS: readonly Counter[] = [
  'inputs',
  'crashes',
  'interruptions',
  'faults',
  'leftovers',
  'lost',
];

/** The directory of this test run's counter files. */
export function counterDir(runner = process.ppid): string {
  return join(tmpdir(), 'cnibench-reliability', String(runner));
}

/** Adds `n` to a counter of this test run. */
export function count(counter: Counter, n = 1, what = ''): void {
  const dir = counterDir();
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify({ counter, n, what })}\n`);
}

/** The totals of this test run, and what each non-zero failure counter was about. */
export function totals(runner = process.ppid): { sums: Record<Counter, number>; notes: string[] } {
  const sums = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
  const notes: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(counterDir(runner));
  } catch {
    return { sums, notes };
  }
  for (const f of files) {
    for (const line of readFileSync(join(counterDir(runner), f), 'utf8').split('\n')) {
      if (line === '') continue;
      const { counter, n, what } = JSON.parse(line) as { counter: Counter; n: number; what: string };
      if (!COUNTERS.includes(counter)) continue;
      sums[counter] += n;
      if (n > 0 && what !== '' && ['crashes', 'leftovers', 'lost'].includes(counter))
        notes.push(`${counter}: ${what}`);
    }
  }
  return { sums, notes };
}

export function clearCounters(runner = process.ppid): void {
  rmSync(counterDir(runner), { recursive: true, force: true });
}

/** Paths of non-finite numbers in a value (walked without recursion). */
export function nonFinite(value: unknown): string[] {
  const out: string[] = [];
  const stack: [unknown, string][] = [[value, '']];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) out.push(`${path} = ${v}`);
    else if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      for (const [k, c] of Object.entries(v)) stack.push([c, `${path}.${k}`]);
    }
  }
  return out;
}
