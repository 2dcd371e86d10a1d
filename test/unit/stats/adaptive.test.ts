import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needMoreRepetitions, DEFAULT_ADAPTIVE_POLICY } from '../../../src/stats/adaptive.js';

/** Runs the adaptive loop over a stream of values; returns how many repetitions it took. */
function repetitionsNeeded(values: (i: number) => number): number {
  const reps: { status: 'ok'; metrics: Record<string, number> }[] = [];
  for (;;) {
    reps.push({ status: 'ok', metrics: { throughput_gbps: values(reps.length) } });
    if (!needMoreRepetitions(reps).more) return reps.length;
  }
}

test('a stable measurement stops once its 95% CI is within +-3%; a noisy one runs to the cap', () => {
  const stable = repetitionsNeeded((i) => 9.4 + (i % 3) * 0.05);
  const noisy = repetitionsNeeded((i) => [9, 6, 11, 7.5, 10.5][i % 5]!);
  assert.equal(stable, 6, 'order statistics reach 95% at n=6');
  assert.equal(noisy, DEFAULT_ADAPTIVE_POLICY.maxRepetitions);
  assert.ok(stable < noisy);
});

test('decisions say why', () => {
  const one = needMoreRepetitions([{ status: 'ok', metrics: { throughput_gbps: 1 } }]);
  assert.deepEqual([one.more, one.reason], [true, 'too-few']);
  const failing = Array.from({ length: 20 }, () => ({ status: 'failed' as const, metrics: {} }));
  assert.deepEqual(needMoreRepetitions(failing).reason, 'cap');
  const noMetric = Array.from({ length: 3 }, () => ({ status: 'ok' as const, metrics: { loss_pct: 0 } }));
  assert.deepEqual(needMoreRepetitions(noMetric).reason, 'no-metric');
  const zeros = Array.from({ length: 6 }, () => ({ status: 'ok' as const, metrics: { rate_per_s: 0 } }));
  assert.deepEqual(needMoreRepetitions(zeros).reason, 'ci-narrow-enough');
  const wide = needMoreRepetitions(
    [9, 10, 11, 9.5, 10.5, 10].map((v) => ({ status: 'ok' as const, metrics: { throughput_gbps: v } })),
  );
  assert.equal(wide.reason, 'ci-too-wide');
  assert.equal(wide.halfWidthPct, 10);
  assert.match(wide.message, /throughput_gbps CI \+-10\.0% at 97%/);
});
