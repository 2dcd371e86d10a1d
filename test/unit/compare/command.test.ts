import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { compareCommand } from '../../../src/cli/commands/compare.js';
import { main } from '../../../src/cli/main.js';
import { compareResults } from '../../../src/compare/compare.js';
import { renderComparison } from '../../../src/compare/render.js';
import { matchSnapshot } from '../../helpers/snapshot.js';
import { BASE, FEW, io, NEAR, SLOW, tcpDoc, writeDocs } from './fixtures.js';

const files = writeDocs({
  base: tcpDoc('r-base', 'cilium', BASE),
  near: tcpDoc('r-near', 'cilium', NEAR),
  slow: tcpDoc('r-slow', 'cilium', SLOW),
  few: tcpDoc('r-few', 'cilium', FEW),
  base3: tcpDoc('r-base3', 'cilium', BASE.slice(0, 3)),
});

test('--fail-on-regression 5 exits 1 on a significant 10% regression and says which metric and why', async () => {
  const out = io();
  const code = await compareCommand([files['base']!, files['slow']!, '--fail-on-regression', '5'], out);
  assert.equal(code, 1);
  assert.match(
    out.stdout.text,
    /throughput_gbps \(Gbit\/s\)\s+10\.0 \(n=5\)\s+9\.00 \(n=5\)\s+-1\.00\s+-10\.0%\s+0\.897\.\.0\.903\s+0\.0079\s+0\.016\s+worse/,
  );
  assert.match(out.stderr.text, /1 significant regression\(s\) beyond 5%/);
  assert.match(
    out.stderr.text,
    /slow\/cilium vs base\/cilium: cross-node tcp streams=1 throughput_gbps: 10\.0 -> 9\.00/,
  );
  assert.match(
    out.stderr.text,
    /p = 0\.0079, q = 0\.016; ratio 0\.900, 96\.8% CI 0\.897\.\.0\.903; lower is worse/,
  );
});

test('--fail-on-regression does not fail on 3 repetitions a side: they cannot decide, and it says so', async () => {
  const out = io();
  assert.equal(await compareCommand([files['base3']!, files['few']!, '--fail-on-regression', '5'], out), 0);
  assert.match(
    out.stdout.text,
    /-10\.0%\s+0\.898\.\.0\.902 \(90%\)\s+0\.10\s+-\s+inconclusive: needs 4 per side/,
  );
  assert.match(out.stdout.text, /no metric had enough repetitions for the test to reach it/);
  const json = io();
  await compareCommand([files['base3']!, files['few']!, '-o', 'json'], json);
  const m = (JSON.parse(json.stdout.text) as { pairs: { metrics: Record<string, unknown>[] }[] }).pairs[0]!
    .metrics[0]!;
  assert.equal(m['verdict'], 'inconclusive');
  assert.equal(m['needRepetitions'], 4);
  assert.match(
    String(m['reason']),
    /^inconclusive: needs 4 repetitions per side, has 3 \(the smallest p-value 3 against 3 can give is 0\.10\)$/,
  );
});

test('--fail-on-regression exits 0 for a difference within noise, and for a regression below the threshold', async () => {
  const near = io();
  assert.equal(await compareCommand([files['base']!, files['near']!, '--fail-on-regression', '5'], near), 0);
  assert.match(near.stdout.text, /no significant difference/);
  assert.match(near.stderr.text, /no significant regression beyond 5%/);
  assert.equal(await compareCommand([files['base']!, files['slow']!, '--fail-on-regression', '15'], io()), 0);
  assert.equal(await compareCommand([files['slow']!, files['base']!, '--fail-on-regression', '5'], io()), 0);
  assert.equal(await compareCommand([files['base']!, files['slow']!], io()), 0);
});

test('--baseline picks the reference file; formats json and csv', async () => {
  const json = io();
  assert.equal(
    await compareCommand([files['base']!, files['slow']!, '--baseline', 'slow', '-o', 'json'], json),
    0,
  );
  const parsed = JSON.parse(json.stdout.text) as {
    baseline: string;
    pairs: { metrics: { verdict: string }[] }[];
  };
  assert.equal(parsed.baseline, 'slow');
  assert.equal(parsed.pairs[0]!.metrics[0]!.verdict, 'better');
  const csv = io();
  assert.equal(await compareCommand([files['base']!, files['near']!, '-o', 'csv'], csv), 0);
  assert.match(
    csv.stdout.text.split('\n')[0]!,
    /^baseline,candidate,placement,measurement,variant,metric,unit,/,
  );
});

test('usage and input errors exit 2 with a message naming the problem', async () => {
  const cases: [string[], RegExp][] = [
    [[], /no result file given/],
    [[files['base']!, '-o', 'xml'], /-o "xml" is not allowed/],
    [[files['base']!, files['near']!, '--fail-on-regression', 'five'], /"five" is not a percentage/],
    [[files['base']!, '--bogus'], /unknown flag --bogus/],
    [[files['base']!], /nothing to compare/],
    [['/nonexistent/x.json', files['base']!], /cannot read result file \/nonexistent\/x\.json/],
  ];
  for (const [argv, message] of cases) {
    const out = io();
    assert.equal(await compareCommand(argv, out), 2, argv.join(' '));
    assert.match(out.stderr.text, message);
  }
  const bad = `${files['base']!}.bad.json`;
  writeFileSync(
    bad,
    JSON.stringify({ schema: 'cnibench.result/v1', tool: { name: 'cnibench', version: '1' } }),
  );
  const out = io();
  assert.equal(await compareCommand([bad, files['base']!], out), 2);
  assert.match(out.stderr.text, /is not a valid result document/);
});

test('comparison renderers match their snapshots', () => {
  const c = compareResults([
    { label: 'base', file: 'base.json', doc: tcpDoc('r-base', 'cilium', BASE) },
    { label: 'slow', file: 'slow.json', doc: tcpDoc('r-slow', 'cilium', SLOW) },
    { label: 'near', file: 'near.json', doc: tcpDoc('r-near', 'cilium', NEAR) },
    { label: 'few', file: 'few.json', doc: tcpDoc('r-few', 'cilium', FEW) },
  ]);
  matchSnapshot('compare/terminal.txt', renderComparison(c, 'terminal'));
  matchSnapshot('compare/terminal-color.txt', renderComparison(c, 'terminal', true));
  matchSnapshot('compare/markdown.md', renderComparison(c, 'md'));
  matchSnapshot('compare/comparison.csv', renderComparison(c, 'csv'));
});

test('cnibench compare is registered in the CLI', async () => {
  const out = io();
  const code = await main(
    ['compare', files['base']!, files['slow']!, '--fail-on-regression', '5', '-o', 'md'],
    {
      ...out,
      env: {},
    },
  );
  assert.equal(code, 1);
  assert.match(
    out.stdout.text,
    /\| cross-node \| tcp \| streams=1 \| throughput\\_gbps \(Gbit\/s\) \| 10\.0 \(n=5\) \| 9\.00 \(n=5\) \|/,
  );
  assert.match(out.stderr.text, /1 significant regression/);
});
