import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearCounters, counterDir, totals } from '../helpers/reliability.js';

/**
 * The reliability suite's summary, from the counters the other test files wrote during this
 * test run (this file sorts last; `npm test` runs files one at a time in order). The line is
 * reported and kept in `<tmp>/cnibench-reliability/summary.txt`, which scripts/test.sh prints last.
 */
test('reliability summary: nothing crashed, nothing left behind, nothing measured lost', (t) => {
  const { sums, notes } = totals();
  const line =
    `reliability: inputs tried ${sums.inputs}, crashes ${sums.crashes}, interruptions tried ${sums.interruptions}, ` +
    `faults injected ${sums.faults}, leftovers found ${sums.leftovers}, measurements lost ${sums.lost}`;
  t.diagnostic(line);
  mkdirSync(join(counterDir(), '..'), { recursive: true });
  writeFileSync(join(counterDir(), '..', 'summary.txt'), `${line}\n`);
  clearCounters();
  assert.deepEqual(notes, [], 'what crashed, was left behind or lost');
  assert.equal(sums.crashes, 0);
  assert.equal(sums.leftovers, 0);
  assert.equal(sums.lost, 0);
  if (process.env.CI) {
    assert.ok(sums.inputs >= 10_000, `CI tries at least 10,000 inputs (${sums.inputs})`);
    if (process.getuid?.() === 0) {
      assert.ok(sums.interruptions >= 20, `every signal at every phase (${sums.interruptions})`);
      assert.ok(sums.faults >= 7, `every fault (${sums.faults})`);
    }
  }
});
