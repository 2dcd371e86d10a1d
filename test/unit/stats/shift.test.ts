import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../../src/stats/prng.js';
import { mosesRank, shiftInterval } from '../../../src/stats/shift.js';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('the interval ranks match the tables of Mann-Whitney critical values (two-sided 5%)', () => {
  // Critical U: 5 v 5 -> 2, 8 v 8 -> 13, 10 v 10 -> 23, 6 v 9 -> 10; k = critical + 1.
  assert.equal(mosesRank(5, 5, 0.95).k, 3);
  assert.equal(mosesRank(8, 8, 0.95).k, 14);
  assert.equal(mosesRank(10, 10, 0.95).k, 24);
  assert.equal(mosesRank(6, 9, 0.95).k, 11);
  // 3 v 3 cannot reach 95%: the range of the differences, at 90%.
  assert.deepEqual(mosesRank(3, 3, 0.95), { k: 1, level: 0.9 });
});

test('a candidate exactly 10% below: ratio 0.9, interval around it; zeros leave only the difference', () => {
  const base = [10, 10.4, 9.7, 10.9, 10.2];
  const r = shiftInterval(
    base,
    base.map((v) => v * 0.9),
    'ratio',
  )!;
  close(r.estimate, 0.9, 1e-12);
  assert.ok(r.low < 0.9 && r.high > 0.9 && r.high < 1, JSON.stringify(r));
  close(r.level, 1 - (2 * 4) / 252, 1e-12);
  assert.equal(shiftInterval([0, 1, 2], [1, 2, 3], 'ratio'), undefined);
  const d = shiftInterval([0, 1, 2], [1, 2, 3], 'difference')!;
  assert.deepEqual([d.estimate, d.low, d.high, d.level], [1, -1, 3, 0.9]);
});

test('the interval covers the true ratio at least as often as its level says (2000 log-normal samples, 8 v 8)', () => {
  const rng = mulberry32(5);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  let covered = 0;
  let level = 0;
  const trials = 2000;
  for (let t = 0; t < trials; t++) {
    const b = Array.from({ length: 8 }, () => 10 * Math.exp(0.1 * gauss()));
    const c = Array.from({ length: 8 }, () => 11 * Math.exp(0.1 * gauss()));
    const r = shiftInterval(b, c, 'ratio')!;
    level = r.level;
    if (r.low <= 1.1 && 1.1 <= r.high) covered++;
  }
  assert.ok(
    covered / trials >= level - 3 * Math.sqrt((level * (1 - level)) / trials),
    `${covered / trials} < ${level}`,
  );
});
