import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compareResults } from '../../../src/compare/compare.js';
import { readResult } from '../../../src/results/read.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const fixture = (name: string): string => join(REPO_ROOT, 'test', 'fixtures', 'results', name);

/**
 * A real quick lab run (6 interleaved repetitions of 1 s TCP): a and b the same profile
 * (bridge-native), c vxlan. The comparison of two identical scenarios must call nothing
 * significant; vxlan's small cross-node penalty (-8.5% here) cannot be decided from 6 a side
 * and must say so (inconclusive, with the repetitions that would decide), not "no difference".
 */
test('a real quick run: identical scenarios get no verdict, a small undecided difference is inconclusive', async () => {
  const file = fixture('lab-quick-abc-interleaved.json');
  const doc = await readResult(file);
  assert.equal(doc.run.schedule?.mode, 'interleaved', 'the scenarios took turns');
  assert.deepEqual(
    doc.results
      .filter((r) => r.placement === 'cross-node')
      .flatMap((r) => r.repetitions.map((x) => [x.seq, r.scenario]))
      .sort((x, y) => Number(x[0]) - Number(y[0]))
      .slice(0, 6)
      .map((x) => x[1]),
    ['a', 'b', 'c', 'c', 'b', 'a'],
    'ABBA order recorded',
  );
  const cmp = compareResults([{ label: 'run', file, doc }], 'a');
  const b = cmp.pairs.find((p) => p.candidate.endsWith('b'))!;
  const significant = b.metrics.filter((m) => m.significant);
  assert.deepEqual(
    significant.map((m) => `${m.placement} ${m.metric}`),
    [],
    'b vs a: identical scenarios, nothing significant',
  );
  const c = cmp.pairs.find((p) => p.candidate.endsWith('c'))!;
  const cross = c.metrics.find((m) => m.placement === 'cross-node' && m.metric === 'throughput_gbps')!;
  assert.equal(cross.verdict, 'inconclusive');
  assert.ok((cross.needRepetitions ?? 0) > 6, `needs more than 6 per side: ${cross.needRepetitions}`);
});

/** The same with a fabric link shaped to 1 Gbit/s: a large real difference is called worse. */
test('a real quick run: a 1 Gbit/s link is worse cross-node and host, not same-node', async () => {
  const file = fixture('lab-quick-abcd-interleaved.json');
  const doc = await readResult(file);
  const cmp = compareResults([{ label: 'run', file, doc }], 'a');
  const d = cmp.pairs.find((p) => p.candidate.endsWith('d-1g-link'))!;
  const tput = (placement: string): string | undefined =>
    d.metrics.find((m) => m.placement === placement && m.metric === 'throughput_gbps')?.verdict;
  assert.equal(tput('cross-node'), 'worse');
  assert.equal(tput('host'), 'worse');
  assert.notEqual(tput('same-node'), 'worse');
});
