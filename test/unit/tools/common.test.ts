import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactSamples, stripAnsi } from '../../../src/tools/common.js';
import { quantile } from '../../../src/stats/quantile.js';

test('compactSamples keeps few values as they are, sorted', () => {
  assert.deepEqual(compactSamples([3, 1, 2]), [1, 2, 3]);
});

test('compactSamples keeps the distribution of many values (percentiles within one step)', () => {
  const xs = Array.from({ length: 100_000 }, (_, i) => ((i * 7919) % 100_000) / 10);
  const c = compactSamples(xs, 5000);
  assert.equal(c.length, 5000);
  const sorted = [...xs].sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99, 0.999])
    assert.ok(Math.abs(quantile(c, q) - quantile(sorted, q)) < 3, String(q));
  assert.equal(c[0], sorted[0]);
  assert.equal(c[c.length - 1], sorted[sorted.length - 1]);
});

test('stripAnsi removes sockperf colour sequences', () => {
  assert.equal(
    stripAnsi('sockperf: \u001b[2;35m====> avg-rtt=17.597\u001b[0m'),
    'sockperf: ====> avg-rtt=17.597',
  );
});
