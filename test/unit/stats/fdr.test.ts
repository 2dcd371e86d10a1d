import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benjaminiHochberg, expectedFalsePositives, noiseSentence } from '../../../src/stats/fdr.js';

test('Benjamini-Hochberg q-values as R p.adjust(method = "BH") gives them; nulls stay out', () => {
  // p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") -> 0.02 0.04 0.04 0.02
  const q = benjaminiHochberg([0.01, 0.04, null, 0.03, 0.005]);
  assert.deepEqual(
    q.map((x) => (x === null ? null : +x.toFixed(12))),
    [0.02, 0.04, null, 0.04, 0.02],
  );
  // p.adjust(c(0.5, 0.9, 0.01), "BH") -> 0.75 0.90 0.03
  assert.deepEqual(
    benjaminiHochberg([0.5, 0.9, 0.01]).map((x) => +x!.toFixed(12)),
    [0.75, 0.9, 0.03],
  );
  assert.deepEqual(benjaminiHochberg([]), []);
});

test('what noise alone would give, in a sentence', () => {
  assert.equal(expectedFalsePositives(66), 3.3000000000000003);
  assert.equal(
    noiseSentence(66),
    'with 66 comparisons at 5%, noise alone would give about 3.3 significant ones',
  );
  assert.equal(
    noiseSentence(20),
    'with 20 comparisons at 5%, noise alone would give about 1 significant one',
  );
  assert.equal(
    noiseSentence(1, 0.01),
    'with 1 comparison at 1%, noise alone would give about 0 significant ones',
  );
  assert.equal(
    noiseSentence(400),
    'with 400 comparisons at 5%, noise alone would give about 20 significant ones',
  );
});
