import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareResults, regressions } from '../../../src/compare/compare.js';
import { compareMetric } from '../../../src/compare/metric.js';
import { renderComparison } from '../../../src/compare/render.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { summarize } from '../../../src/stats/summary.js';
import { makeResultDoc } from '../../helpers/result-fixture.js';
import { join } from 'node:path';
import { readResult } from '../../../src/results/read.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { BASE, SLOW, tcpDoc } from './fixtures.js';

const tput = (pair: ReturnType<typeof compareResults>['pairs'][number]) =>
  pair.metrics.find((m) => m.metric === 'throughput_gbps' && m.measurement === 'tcp')!;

test('TCP medians 0.5% apart with overlapping samples: no significant difference', () => {
  const base = tcpDoc('a', 'cilium', [9.9, 10.0, 10.1, 9.95, 10.05]);
  const cand = tcpDoc('b', 'cilium', [9.95, 10.1, 10.2, 10.0, 10.05]);
  const c = compareResults([
    { label: 'a', file: 'a.json', doc: base },
    { label: 'b', file: 'b.json', doc: cand },
  ]);
  assert.equal(c.baseline, 'a');
  const m = tput(c.pairs[0]!);
  assert.equal(m.verdict, 'no-significant-difference');
  assert.ok(Math.abs(m.relPct! - 0.5) < 1e-9);
  assert.ok(Math.abs(m.diff - 0.05) < 1e-9);
  assert.ok(m.ratioCi!.low < 1 && m.ratioCi!.high > 1);
  assert.ok(m.pValue! > 0.05 && m.qValue! >= m.pValue!);
  assert.match(m.reason, /about \d+ repetitions per side would decide a difference this size/);
  assert.deepEqual(regressions(c, 0), []);
});

test('3 repetitions against 3 cannot decide: inconclusive, with how many would', () => {
  const c = compareResults([
    { label: 'fast', file: 'fast.json', doc: tcpDoc('fast', 'x', [10.0, 10.01, 9.99]) },
    { label: 'slow', file: 'slow.json', doc: tcpDoc('slow', 'x', [9.0, 9.01, 8.99]) },
  ]);
  const m = tput(c.pairs[0]!);
  assert.equal(m.verdict, 'inconclusive');
  assert.equal(m.pValue, 0.1);
  assert.equal(m.qValue, null);
  assert.equal(m.needRepetitions, 4);
  assert.equal(
    m.reason,
    'inconclusive: needs 4 repetitions per side, has 3 (the smallest p-value 3 against 3 can give is 0.10)',
  );
  assert.equal(m.ratioCi!.level, 0.9);
  assert.equal(c.fdr.tests, 0);
  assert.deepEqual(regressions(c, 5), []);
  const noisy = compareResults([
    { label: 'a', file: 'a.json', doc: tcpDoc('a', 'x', [10.0, 10.5, 9.5]) },
    { label: 'b', file: 'b.json', doc: tcpDoc('b', 'x', [9.5, 10.1, 8.9]) },
  ]);
  const n = tput(noisy.pairs[0]!);
  assert.equal(n.verdict, 'inconclusive');
  assert.ok(n.needRepetitions! > 4, String(n.needRepetitions));
  assert.match(
    n.reason,
    /at least 4 to reach p <= 0.05 at all, about \d+ to decide a difference this size with 80% power/,
  );
});

test('TCP medians 10% apart with tight samples: worse one way, better the other', () => {
  const fast = tcpDoc('fast', 'x', BASE);
  const slow = tcpDoc('slow', 'x', SLOW);
  const down = compareResults([
    { label: 'fast', file: 'fast.json', doc: fast },
    { label: 'slow', file: 'slow.json', doc: slow },
  ]);
  const m = tput(down.pairs[0]!);
  assert.equal(m.verdict, 'worse');
  assert.ok(Math.abs(m.relPct! + 10) < 1e-9);
  assert.ok(m.ratioCi!.high < 1);
  assert.ok(Math.abs(m.ratioCi!.estimate - 0.9) < 0.001);
  assert.equal(m.pValue, 2 / 252);
  const found = regressions(down, 5);
  assert.equal(found.length, 1);
  assert.match(
    found[0]!.message,
    /slow\/x vs fast\/x: cross-node tcp streams=1 throughput_gbps: 10\.0 -> 9\.00 Gbit\/s \(-10\.0%\)/,
  );
  assert.deepEqual(regressions(down, 15), []);
  const up = compareResults(
    [
      { label: 'fast', file: 'fast.json', doc: fast },
      { label: 'slow', file: 'slow.json', doc: slow },
    ],
    'slow',
  );
  assert.equal(tput(up.pairs[0]!).verdict, 'better');
});

test('lower-is-better metrics, metrics without a direction, and too few repetitions', () => {
  const s = (m: string, v: number[]) => summarize(m, v)!;
  const cmp = (m: string, b: number[], c: number[]) =>
    compareMetric({
      placement: 'host',
      measurement: 'rr',
      variant: 'v',
      baseline: s(m, b),
      candidate: s(m, c),
      baselineValues: b,
      candidateValues: c,
    });
  const base = [100, 101, 99, 102, 98];
  const lower = cmp('latency_p99_us', base, [80, 81, 79, 82, 78]);
  assert.equal(lower.verdict, 'better');
  assert.ok(Math.abs(lower.relPct! + 20) < 1e-9);
  assert.match(lower.reason, /lower is better for latency_p99_us/);
  assert.equal(cmp('latency_p99_us', base, [120, 121, 119, 122, 118]).verdict, 'worse');
  assert.equal(cmp('offered_gbps', [1, 1, 1, 1, 1], [2, 2, 2, 2, 2]).verdict, 'different');
  assert.equal(cmp('latency_p99_us', [100, 101], [120, 121]).verdict, 'inconclusive');
  const zero = cmp('loss_pct', [0, 0, 0, 0, 0], [1, 1, 1, 1, 1]);
  assert.deepEqual([zero.verdict, zero.relPct, zero.diff, zero.ratioCi], ['worse', null, 1, null]);
  assert.match(zero.reason, /difference 1.00, 96.8% CI 1.00..1.00; higher is worse/);
  const same = cmp('retransmits', [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]);
  assert.deepEqual([same.verdict, same.pValue, same.qValue], ['no-significant-difference', 1, null]);
  assert.match(same.reason, /all values are equal/);
  const tied = cmp('loss_pct', [0, 0, 0, 0, 0], [0, 0, 0, 0, 0.5]);
  assert.equal(tied.verdict, 'no-significant-difference');
  assert.match(tied.reason, /the values tie so much that no split of them gives p <= 0.05 \(smallest 1.00\)/);
});

test('scenarios within one run: each against the baseline scenario, unmatched measurements listed', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'bridge' }, { name: 'vxlan' }, { name: 'ebpf' }],
    results: [
      { scenario: 'bridge', metrics: { throughput_gbps: [20, 20.1, 19.9, 20.2, 19.8] } },
      { scenario: 'vxlan', metrics: { throughput_gbps: [15, 15.1, 14.9, 15.2, 14.8] } },
      { scenario: 'ebpf', metrics: { throughput_gbps: [22, 22.1, 21.9, 22.2, 21.8] } },
      { scenario: 'ebpf', placement: 'host', metrics: { throughput_gbps: [30, 30, 30, 30, 30] } },
    ],
  });
  const one = [{ label: 'r', file: 'r.json', doc }];
  const c = compareResults(one);
  assert.equal(c.baseline, 'bridge');
  assert.deepEqual(
    c.pairs.map((p) => [p.candidate, tput(p).verdict]),
    [
      ['vxlan', 'worse'],
      ['ebpf', 'better'],
    ],
  );
  assert.deepEqual(c.pairs[1]!.unmatched, ['host/tcp/streams=1']);
  const byEbpf = compareResults(one, 'ebpf');
  assert.deepEqual(
    byEbpf.pairs.map((p) => p.candidate),
    ['bridge', 'vxlan'],
  );
  assert.throws(() => compareResults(one, 'nope'), { code: 'USAGE' });
  assert.throws(() => compareResults([{ label: 'a', file: 'a', doc: tcpDoc('a', 'a', [1, 1, 1]) }]), {
    code: 'USAGE',
  });
});

test('comparison is reproducible: the same inputs give the same intervals', () => {
  const a = tcpDoc('a', 's', [9.7, 10.0, 10.3]);
  const b = tcpDoc('b', 's', [9.8, 10.2, 10.4]);
  const run = () =>
    compareResults([
      { label: 'a', file: 'a', doc: a },
      { label: 'b', file: 'b', doc: b },
    ]);
  assert.deepEqual(run(), run());
});

test('a real lab run of 3 repetitions: vxlan against bridge-native, inconclusive however large the gap', async () => {
  const file = join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-quick-bridge-vxlan.json');
  const c = compareResults([{ label: 'lab', file, doc: await readResult(file) }]);
  assert.equal(c.baseline, 'bridge-native');
  const pair = c.pairs[0]!;
  assert.equal(pair.candidate, 'vxlan');
  const at = (placement: string, variant: string, metric: string) =>
    pair.metrics.find(
      (m) =>
        m.placement === placement && m.measurement === 'tcp' && m.variant === variant && m.metric === metric,
    )!;
  const cross = at('cross-node', 'streams=1', 'throughput_gbps');
  assert.equal(cross.verdict, 'inconclusive', cross.reason);
  assert.ok(cross.relPct! < -30);
  assert.equal(cross.needRepetitions, 4);
  assert.ok(cross.ratioCi!.high < 1, 'the 90% interval already excludes 1');
  assert.equal(c.fdr.tests, 0);
  assert.ok(pair.metrics.every((m) => m.verdict === 'inconclusive'));
  const host = at('host', 'streams=1', 'throughput_gbps');
  assert.ok(host.needRepetitions! > 4, 'a 5% difference in noisy figures needs more than 4');
  const mtu = at('cross-node', 'streams=1', 'path_mtu');
  assert.deepEqual([mtu.baseline.median, mtu.candidate.median, mtu.verdict], [1500, 1450, 'inconclusive']);
  assert.ok(
    at('cross-node', 'streams=1', 'softirq_cpu_pct').ratioCi !== null,
    'resource figures are compared too',
  );
});

test('several files without a common scenario: a usage error, unless --baseline names one scenario', () => {
  const two = makeResultDoc({
    scenarios: [{ name: 'p' }, { name: 'q' }],
    results: [
      { scenario: 'p', metrics: { throughput_gbps: [5, 5, 5] } },
      { scenario: 'q', metrics: { throughput_gbps: [6, 6, 6] } },
    ],
  });
  const files = [
    { label: 'two', file: 'two.json', doc: two },
    { label: 'other', file: 'other.json', doc: tcpDoc('o', 'r', [5.5, 5.5, 5.5]) },
  ];
  assert.throws(() => compareResults(files), {
    code: 'USAGE',
    message: /no scenario of the other results matches/,
  });
  const c = compareResults(files, 'two/q');
  assert.deepEqual(
    c.pairs.map((p) => [p.baseline, p.candidate]),
    [
      ['two/q', 'two/p'],
      ['two/q', 'other/r'],
    ],
  );
});

test('one sign convention: the candidate relative change, with better/worse in words, in compare and the Markdown report', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'a' }, { name: 'b' }],
    results: [
      { scenario: 'a', metrics: { retransmits: [100, 101, 99, 102, 98] } },
      { scenario: 'b', metrics: { retransmits: [358.7, 360, 357, 361, 356] } },
    ],
  });
  const m = compareResults([{ label: 'r', file: 'r.json', doc }]).pairs[0]!.metrics[0]!;
  assert.deepEqual([m.metric, m.verdict, +m.relPct!.toFixed(1)], ['retransmits', 'worse', 258.7]);
  assert.match(
    renderComparison(compareResults([{ label: 'r', file: 'r.json', doc }]), 'terminal'),
    /\+258\.7%.*worse/,
  );
  assert.match(renderMarkdown([doc]), /\| \+258\.7% \(worse\) \|/);
});
