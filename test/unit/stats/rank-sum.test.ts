import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalCdf, normalQuantile } from '../../../src/stats/normal.js';
import { mulberry32 } from '../../../src/stats/prng.js';
import {
  doubledMidRanks,
  minRepetitionsFor,
  rankSumTest,
  smallestPValue,
} from '../../../src/stats/rank-sum.js';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('normal CDF and quantile agree with tabulated values and invert each other', () => {
  close(normalQuantile(0.975), 1.959963984540054, 1e-8);
  close(normalQuantile(0.8), 0.8416212335729143, 1e-8);
  close(normalQuantile(0.001), -3.090232306167813, 1e-8);
  close(normalCdf(1.959963984540054), 0.975, 1e-7);
  close(normalCdf(-3), 0.0013498980316301, 1e-7);
  for (const p of [0.01, 0.2, 0.5, 0.9, 0.999]) close(normalCdf(normalQuantile(p)), p, 1e-7);
});

test('3 against 3 cannot go below p = 0.10, 4 against 4 reaches 0.029: 4 per side is the least for 5%', () => {
  const three = rankSumTest([1, 2, 3], [4, 5, 6]);
  assert.deepEqual([three.pValue, three.minP, three.u, three.superiority], [0.1, 0.1, 9, 1]);
  assert.equal(rankSumTest([1, 2, 3, 4], [5, 6, 7, 8]).pValue, 2 / 70);
  assert.equal(smallestPValue(3, 3), 0.1);
  assert.equal(smallestPValue(5, 3), 2 / 56);
  assert.equal(minRepetitionsFor(0.05), 4);
  assert.equal(minRepetitionsFor(0.01), 5);
});

test('exact p-values match scipy: without ties (mannwhitneyu exact) and with ties (full permutation test)', () => {
  // scipy.stats.mannwhitneyu([4,5,6,2,9,10], [1.1,2.2,3.5,0.3,7], method='exact') -> 0.12554112554112554
  const a = rankSumTest([1.1, 2.2, 3.5, 0.3, 7], [4, 5, 6, 2, 9, 10]);
  close(a.pValue, 0.12554112554112554, 1e-12);
  assert.equal(a.u, 24);
  // scipy.stats.permutation_test on the rank sum, n_resamples=inf -> 0.1341991341991342
  close(rankSumTest([0, 0, 0, 1, 2], [0, 1, 1, 3, 3, 4]).pValue, 0.1341991341991342, 1e-12);
  assert.deepEqual(doubledMidRanks([5, 1, 5, 2]), [7, 2, 7, 4]);
});

test('the test depends on the order of the values only: logarithms give the same p', () => {
  const b = [9.1, 10.4, 9.8, 10.9, 10.0];
  const c = [10.2, 11.5, 10.7, 11.1, 9.9, 12.0];
  assert.equal(rankSumTest(b, c).pValue, rankSumTest(b.map(Math.log), c.map(Math.log)).pValue);
});

test('beyond 60 values the normal approximation matches scipy (asymptotic, continuity-corrected)', () => {
  const a = Array.from({ length: 31 }, (_, i) => ((i * 37) % 31) / 3 + (i % 7) * 0.01);
  const b = Array.from({ length: 31 }, (_, i) => ((i * 41) % 29) / 3 + 1.5 + (i % 5) * 0.013);
  const r = rankSumTest(a, b);
  assert.equal(r.method, 'normal');
  assert.equal(r.u, 570);
  close(r.pValue, 0.21020823704889735, 1e-6);
});

test('all values equal: p = 1 and no split can do better', () => {
  assert.deepEqual(rankSumTest([0, 0, 0, 0], [0, 0, 0, 0]), {
    method: 'exact',
    u: 8,
    superiority: 0.5,
    pValue: 1,
    minP: 1,
  });
});

test('without a difference, p <= 0.05 in at most 5% of samples (exact test, 4000 draws at n = 5 and 8)', () => {
  const rng = mulberry32(11);
  for (const n of [5, 8]) {
    let hits = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const draw = (): number[] => Array.from({ length: n }, () => -Math.log(rng()));
      if (rankSumTest(draw(), draw()).pValue <= 0.05) hits++;
    }
    // Attainable level: 5 v 5 -> 0.032, 8 v 8 -> 0.050; allow 3 standard errors of sampling.
    assert.ok(hits / trials <= 0.05 + 3 * Math.sqrt((0.05 * 0.95) / trials), `n=${n}: ${hits / trials}`);
  }
});
