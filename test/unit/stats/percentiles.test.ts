import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSamples, mergedPercentiles, percentileOf } from '../../../src/stats/percentiles.js';
import { quantile } from '../../../src/stats/quantile.js';
import { summarizeRepetitions } from '../../../src/stats/summary.js';
import { summarizeResult } from '../../../src/results/summarize.js';

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('type-7 quantiles of known values', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
  assert.ok(Math.abs(quantile(range(1, 100), 0.99) - 99.01) < 1e-9);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

test('percentile metric names map to their sample key', () => {
  assert.deepEqual(percentileOf('latency_p99_us'), {
    metric: 'latency_p99_us',
    sampleKey: 'latency_us',
    q: 0.99,
  });
  assert.deepEqual(percentileOf('latency_p999_us')?.q, 0.999);
  assert.equal(percentileOf('throughput_gbps'), undefined);
});

test('percentiles come from the merged raw samples, not the average of per-repetition percentiles', () => {
  const reps = [
    { samples: { latency_us: range(51, 100).reverse() } },
    { samples: { latency_us: range(1, 50) } },
  ];
  assert.equal(mergeSamples(reps, 'latency_us').length, 100);
  const p = mergedPercentiles(reps, 'latency_us');
  assert.equal(p['latency_p50_us'], 50.5);
  assert.ok(Math.abs(p['latency_p99_us']! - 99.01) < 1e-9);
  assert.ok(Math.abs(p['latency_p90_us']! - 90.1) < 1e-9);
  // Averaging the two runs' p99s (49.51 and 99.51) would claim 74.51.
  assert.notEqual(Math.round(p['latency_p99_us']!), 75);
});

test('summarizeRepetitions takes percentile figures from merged samples and skips failed repetitions', () => {
  const reps = [
    { status: 'ok' as const, metrics: { rate_per_s: 100 }, samples: { latency_us: range(1, 50) } },
    { status: 'ok' as const, metrics: { rate_per_s: 110 }, samples: { latency_us: range(51, 100) } },
    { status: 'ok' as const, metrics: { rate_per_s: 90 }, samples: { latency_us: [] } },
    { status: 'failed' as const, metrics: { rate_per_s: 1 }, samples: { latency_us: [1e9] } },
  ];
  const s = summarizeRepetitions(reps);
  const p99 = s.find((x) => x.metric === 'latency_p99_us')!;
  assert.equal(p99.source, 'merged-samples');
  assert.equal(p99.samples, 100);
  assert.equal(p99.n, 2);
  assert.ok(Math.abs(p99.median - 99.01) < 1e-9);
  assert.equal(p99.min, quantile(range(1, 50), 0.99));
  const rate = s.find((x) => x.metric === 'rate_per_s')!;
  assert.deepEqual(
    [rate.n, rate.median, rate.source, rate.ci_method],
    [3, 100, 'repetitions', 'order-statistic'],
  );
});

test('the engine summaries take percentile figures from merged samples', () => {
  const reps = [1, 2].map((i) => ({
    index: i,
    startedAt: '',
    durationMs: 1,
    status: 'ok' as const,
    metrics: { latency_p99_us: i === 1 ? 49.51 : 99.51, rate_per_s: 10 },
    samples: { latency_us: i === 1 ? range(1, 50) : range(51, 100) },
    series: [],
    notes: [],
    raw: [],
  }));
  const s = summarizeResult({ repetitions: reps });
  const p99 = s.find((x) => x.metric === 'latency_p99_us')!;
  assert.ok(Math.abs(p99.median - 99.01) < 1e-9, `p99 ${p99.median}`);
  assert.equal(p99.source, 'merged-samples');
  assert.ok(s.some((x) => x.metric === 'latency_p50_us' && x.median === 50.5));
  assert.equal(s.find((x) => x.metric === 'rate_per_s')!.median, 10);
});
