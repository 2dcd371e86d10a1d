import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pooledSd, repetitionsForEffect, repetitionsForPower } from '../../../src/stats/power.js';
import { mulberry32 } from '../../../src/stats/prng.js';
import { rankSumTest } from '../../../src/stats/rank-sum.js';

test('repetitions for a shift of one standard deviation: 20 per side; none for no shift, 4 for no noise', () => {
  // (2 (1.96 + 0.8416)^2 + 1.96^2 / 4) / 0.864 = 19.3
  assert.equal(repetitionsForEffect(0.1, 0.1), 20);
  assert.equal(repetitionsForEffect(0.2, 0.1), 6);
  assert.equal(repetitionsForEffect(0, 0.1), undefined);
  assert.equal(repetitionsForEffect(0.1, 0), 4);
  assert.equal(repetitionsForEffect(0.01, 0.1, { alpha: 0.05, power: 0.9 }), 2434);
});

test('the estimate holds: at 20 per side a one-SD shift is found in 80% or more of 1000 normal samples', () => {
  const rng = mulberry32(3);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  let found = 0;
  for (let t = 0; t < 1000; t++) {
    const b = Array.from({ length: 20 }, gauss);
    const c = Array.from({ length: 20 }, () => 1 + gauss());
    if (rankSumTest(b, c).pValue <= 0.05) found++;
  }
  assert.ok(found >= 800 && found <= 900, `power ${found / 1000}`);
});

test('from data: the shift of the medians of logs against the pooled spread of logs', () => {
  assert.ok(Math.abs(pooledSd([1, 2, 3], [2, 3, 4]) - 1) < 1e-12);
  const base = [10, 10.5, 9.5, 10.2, 9.8];
  const a = repetitionsForPower(
    base,
    base.map((v) => v * 0.9),
    'ratio',
  )!;
  const b = repetitionsForPower(
    base.map((v) => v * 1000),
    base.map((v) => v * 900),
    'ratio',
  )!;
  assert.equal(a, b, 'the ratio scale does not depend on the magnitude');
  assert.equal(a, 4);
  assert.equal(repetitionsForPower([0, 1, 2], [1, 2, 3], 'ratio'), undefined);
  assert.equal(repetitionsForPower([0, 1, 2], [1, 2, 3], 'difference'), 20);
  assert.equal(repetitionsForPower([1], [], 'difference'), undefined);
});
