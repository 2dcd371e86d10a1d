import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../../src/stats/summary.js';
import { tukeyOutliers } from '../../../src/stats/outliers.js';

test('summary of three repetitions: median, quartiles, order-statistic CI at its real level', () => {
  const s = summarize('throughput_gbps', [9.5, 9.1, 9.3])!;
  assert.equal(s.unit, 'Gbit/s');
  assert.equal(s.better, 'higher');
  assert.deepEqual([s.n, s.median, s.min, s.max], [3, 9.3, 9.1, 9.5]);
  assert.ok(Math.abs(s.q1 - 9.2) < 1e-12 && Math.abs(s.q3 - 9.4) < 1e-12);
  assert.deepEqual([s.ci_low, s.ci_high, s.ci_level, s.ci_method], [9.1, 9.5, 0.75, 'order-statistic']);
  assert.deepEqual(s.outliers, []);
});

test('summary switches to the seeded bootstrap from 10 values on, reproducibly', () => {
  const xs = [10, 11, 9, 10.5, 9.5, 10.2, 9.8, 10.1, 9.9, 10.3];
  const a = summarize('throughput_gbps', xs)!;
  assert.equal(a.ci_method, 'bootstrap');
  assert.equal(a.ci_level, 0.95);
  assert.ok(a.ci_low <= a.median && a.median <= a.ci_high);
  assert.deepEqual(summarize('throughput_gbps', xs), a);
  assert.equal(summarize('throughput_gbps', xs.slice(0, 9))!.ci_method, 'order-statistic');
});

test('non-finite values are ignored; no values, no summary', () => {
  assert.equal(summarize('loss_pct', [Number.NaN]), undefined);
  assert.equal(summarize('loss_pct', [1, Number.POSITIVE_INFINITY])!.n, 1);
});

test('Tukey fences flag outliers as data', () => {
  assert.deepEqual(tukeyOutliers([10, 10.1, 9.9, 10, 3]), [3]);
  assert.deepEqual(tukeyOutliers([1, 2, 3]), []);
  assert.deepEqual(summarize('throughput_gbps', [10, 10.1, 9.9, 10, 3])!.outliers, [3]);
});
