import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MeshCell } from '../../../src/analysis/mesh-matrix.js';
import { judgeNodes } from '../../../src/analysis/mesh-outliers.js';
import { mulberry32 } from '../../../src/stats/prng.js';

const NODES = Array.from({ length: 8 }, (_, i) => `node${i + 1}`);

/** Every ordered pair with a figure from `f` (noise from a seeded source). */
function cells(f: (client: string, server: string, noise: number) => number, seed = 1): MeshCell[] {
  const rng = mulberry32(seed);
  const out: MeshCell[] = [];
  for (const client of NODES)
    for (const server of NODES)
      if (client !== server)
        out.push({ client, server, value: f(client, server, rng() * 2 - 1), ok: 1, total: 1 });
  return out;
}

const flagged = (js: ReturnType<typeof judgeNodes>): string[] =>
  js.filter((j) => j.outlier !== undefined).map((j) => `${j.node}:${j.outlier}`);

test('a node whose link runs at a quarter of the rate is the one outlier, with the evidence', () => {
  const c = cells((a, b, e) => (a === 'node6' || b === 'node6' ? 0.095 : 0.38) * (1 + 0.02 * e));
  const js = judgeNodes(NODES, c, 'higher', 'Gbit/s');
  assert.deepEqual(flagged(js), ['node6:worse']);
  const six = js.find((j) => j.node === 'node6')!;
  assert.equal(six.n, 14);
  assert.deepEqual([six.asClient, six.asServer], [7, 7]);
  assert.equal(six.reference!.n, 42, 'held against the 42 pairs without it');
  assert.ok(six.change! < -0.7);
  assert.match(
    six.evidence,
    /^median 0\.09\d+ Gbit\/s over 14 tests \(7 as client, 7 as server\); the 42 pairs without node6: median 0\.3\d+, .*7\d% lower: worse than the rest$/,
  );
  // the others include node6's slow pairs among their own, yet their median is the cluster's
  assert.ok(js.filter((j) => j.node !== 'node6').every((j) => /within the spread/.test(j.evidence)));
});

test('noise alone flags nobody; one slow pair is not a slow node', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const noisy = cells((_a, _b, e) => 60 * (1 + 0.3 * e), seed);
    assert.deepEqual(flagged(judgeNodes(NODES, noisy, 'lower', 'us')), [], `seed ${seed}`);
  }
  const onePair = cells((a, b, e) => (a === 'node3' && b === 'node5' ? 900 : 60 * (1 + 0.05 * e)));
  assert.deepEqual(flagged(judgeNodes(NODES, onePair, 'lower', 'us')), []);
});

test('latency: higher is worse; a node faster than the rest is an outlier too, on the better side', () => {
  const slow = cells((a, b, e) => (a === 'node2' || b === 'node2' ? 150 : 60) * (1 + 0.03 * e));
  assert.deepEqual(flagged(judgeNodes(NODES, slow, 'lower', 'us')), ['node2:worse']);
  const fast = cells((a, b, e) => (a === 'node8' || b === 'node8' ? 20 : 60) * (1 + 0.03 * e));
  assert.deepEqual(flagged(judgeNodes(NODES, fast, 'lower', 'us')), ['node8:better']);
});

test('beyond a tight fence but by less than 25%: not flagged (a quiet cluster is not an alarm)', () => {
  const c = cells((a, b) => (a === 'node4' || b === 'node4' ? 61 : 60));
  const js = judgeNodes(NODES, c, 'lower', 'us');
  assert.deepEqual(flagged(js), []);
  assert.match(js.find((j) => j.node === 'node4')!.evidence, /beyond the fence but under the 25% floor/);
});

test('loss where the rest has none is flagged; too few tests are not judged', () => {
  const loss = cells((a, b) => (a === 'node7' || b === 'node7' ? 2 : 0));
  assert.deepEqual(flagged(judgeNodes(NODES, loss, 'lower', '%')), ['node7:worse']);
  const few = cells((a, b) => (a === 'node1' || b === 'node1' ? 1 : 4)).filter(
    (c) => c.client === 'node1' && c.server === 'node2',
  );
  const js = judgeNodes(NODES, few, 'higher', 'Gbit/s');
  assert.deepEqual(flagged(js), []);
  assert.match(js[0]!.evidence, /^not judged: 1 tests of node1 and 0 without it/);
  // failed pairs (no value) are left out of the figures
  const failed = cells(() => 1).map((c) => (c.client === 'node1' ? { ...c, value: undefined, ok: 0 } : c));
  assert.equal(judgeNodes(NODES, failed, 'higher', 'Gbit/s')[0]!.n, 7);
});
