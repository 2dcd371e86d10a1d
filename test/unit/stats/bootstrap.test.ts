import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bootstrapDistribution,
  bootstrapMedianCi,
  bootstrapRatioCi,
  median,
} from '../../../src/stats/bootstrap.js';
import { medianCi } from '../../../src/stats/median-ci.js';
import { mulberry32, seedOf } from '../../../src/stats/prng.js';

test('mulberry32 is deterministic and pinned', () => {
  const r = mulberry32(42);
  assert.deepEqual([r(), r(), r()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  assert.equal(seedOf('throughput_gbps'), seedOf('throughput_gbps'));
  assert.notEqual(seedOf('a'), seedOf('b'));
});

test('bootstrap distribution of the median of 3 values matches the exact probabilities 7/27, 13/27, 7/27', () => {
  const dist = bootstrapDistribution([1, 2, 3], median, 7, 27_000);
  const share = (v: number): number => dist.filter((x) => x === v).length / dist.length;
  assert.ok(Math.abs(share(1) - 7 / 27) < 0.01, `P(1)=${share(1)}`);
  assert.ok(Math.abs(share(2) - 13 / 27) < 0.01, `P(2)=${share(2)}`);
  assert.ok(Math.abs(share(3) - 7 / 27) < 0.01, `P(3)=${share(3)}`);
});

test('bootstrap CI of the median: constant data gives a point; same seed, same interval', () => {
  assert.deepEqual(bootstrapMedianCi([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], 1), { low: 5, high: 5, level: 0.95 });
  const xs = Array.from({ length: 30 }, (_, i) => (i * 37) % 11);
  assert.deepEqual(bootstrapMedianCi(xs, 99), bootstrapMedianCi(xs, 99));
});

test('bootstrap CI of the median of 101 evenly spaced values in [0,1] has the asymptotic width', () => {
  // SE of the median of U(0,1) is 1 / (2 sqrt(n)) ~ 0.0498; a 95% interval spans about +-0.098.
  const xs = Array.from({ length: 101 }, (_, i) => i / 100);
  const ci = bootstrapMedianCi(xs, seedOf('uniform'));
  assert.ok(ci.low < 0.5 && ci.high > 0.5);
  const half = (ci.high - ci.low) / 2;
  assert.ok(half > 0.07 && half < 0.13, `half-width ${half}`);
});

test('bootstrap CI of a ratio: tight samples 10% apart exclude 1, overlapping 1% apart include it', () => {
  const tight = bootstrapRatioCi([10, 10.02, 9.98], [9, 9.01, 8.99], 3)!;
  assert.ok(tight.high < 1 && tight.low > 0.89, JSON.stringify(tight));
  const loose = bootstrapRatioCi([9.6, 10, 10.4], [9.7, 10.1, 10.5], 3)!;
  assert.ok(loose.low < 1 && loose.high > 1, JSON.stringify(loose));
  assert.equal(bootstrapRatioCi([0, 0, 0], [1, 2, 3], 3), undefined);
});

test('order-statistic CI of the median has exact binomial coverage', () => {
  assert.deepEqual(medianCi([1, 2, 3]), { low: 1, high: 3, level: 0.75 });
  assert.deepEqual(medianCi([1, 2, 3, 4, 5, 6]), { low: 1, high: 6, level: 1 - 2 / 64 });
  const nine = medianCi([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([nine.low, nine.high], [2, 8]);
  assert.ok(Math.abs(nine.level - (1 - (2 * 10) / 512)) < 1e-12);
});
