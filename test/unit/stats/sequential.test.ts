import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SEQUENTIAL_POLICY,
  lookAlphas,
  sequentialDecision,
  type SequentialPolicy,
} from '../../../src/stats/sequential.js';

const base = [10, 10.1, 9.9, 10.05, 9.95, 10.02, 9.98, 10.08, 9.92, 10.01, 9.99, 10.03];
const slow = base.map((v) => v * 0.9);

test('alpha spent over the looks adds up to alpha, more of it early (Pocock-type)', () => {
  const a = lookAlphas(DEFAULT_SEQUENTIAL_POLICY);
  assert.equal(a.length, 5);
  assert.ok(Math.abs(a.reduce((s, x) => s + x, 0) - 0.05) < 1e-12);
  assert.ok(a[0]! > a[4]!);
});

test('before the first look it continues; a clear 10% drop is decided worse at the first look', () => {
  const early = sequentialDecision(base.slice(0, 4), slow.slice(0, 4));
  assert.deepEqual([early.stop, early.outcome, early.nextLook], [false, 'continue', 5]);
  assert.equal(early.message, '4 of 5 repetitions per side for look 1 of 5');
  const d = sequentialDecision(base.slice(0, 5), slow.slice(0, 5));
  assert.deepEqual([d.stop, d.outcome, d.look?.index, d.look?.n], [true, 'worse', 1, 5]);
  assert.match(
    d.message,
    /^candidate worse at look 1 \(5 repetitions per side\): p = 0\.0079 <= 0\.018, ratio 0\.900/,
  );
  const up = sequentialDecision(slow.slice(0, 5), base.slice(0, 5), {
    ...DEFAULT_SEQUENTIAL_POLICY,
    better: 'lower',
  });
  assert.equal(up.outcome, 'worse');
  const none = sequentialDecision(base.slice(0, 5), slow.slice(0, 5), {
    ...DEFAULT_SEQUENTIAL_POLICY,
    better: 'none',
  });
  assert.equal(none.outcome, 'different');
});

test('stateless: later values do not change a decision taken on the prefix at an earlier look', () => {
  const late = sequentialDecision(base, slow);
  assert.deepEqual([late.outcome, late.look?.index, late.n], ['worse', 1, 12]);
});

test('tight identical figures stop as equivalent within the margin; noisy ones continue, then hit the cap', () => {
  const same = sequentialDecision(base.slice(0, 8), [...base.slice(0, 8)].reverse());
  assert.deepEqual([same.stop, same.outcome, same.look?.n], [true, 'equivalent', 5]);
  assert.match(
    same.message,
    /^no difference beyond the margin at look 1 \(5 repetitions per side\), ratio 1\.00/,
  );
  const noisy = [10, 13, 8, 11, 7, 12, 9, 14, 6, 10.5, 9.5, 12.5, 7.5, 11.5, 8.5, 10.2, 9.7, 13.5, 6.5, 10.1];
  const shuffled = noisy.map((_, i) => noisy[(i * 7) % 20]!);
  const policy: SequentialPolicy = { ...DEFAULT_SEQUENTIAL_POLICY, equivalencePct: null };
  const mid = sequentialDecision(noisy.slice(0, 10), shuffled.slice(0, 10), policy);
  assert.deepEqual([mid.stop, mid.outcome, mid.nextLook], [false, 'continue', 12]);
  assert.match(mid.message, /^10 of 12 repetitions per side for look 3 of 5; look 2 at 8: p = /);
  const cap = sequentialDecision(noisy, shuffled, policy);
  assert.deepEqual([cap.stop, cap.outcome, cap.n], [true, 'cap', 20]);
  assert.match(cap.message, /^reached the cap of 20 repetitions per side undecided/);
});

test('a bad policy is a usage error that names the problem', () => {
  const bad = (p: Partial<SequentialPolicy>, msg: RegExp): void =>
    assert.throws(() => sequentialDecision([1], [1], { ...DEFAULT_SEQUENTIAL_POLICY, ...p }), {
      code: 'USAGE',
      message: msg,
    });
  bad({ looks: [5, 3] }, /looks \[5, 3\] must be rising whole numbers of at least 2/);
  bad({ looks: [] }, /no looks planned/);
  bad({ alpha: 1.5 }, /alpha 1.5 is not between 0 and 1/);
  bad({ equivalencePct: -1 }, /equivalence margin -1% is not positive/);
});
