import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CnibenchError } from '../../../src/model/errors.js';
import { RENDERERS } from '../../../src/report/index.js';
import { parseResult, readResult } from '../../../src/results/read.js';
import type { ResultDocument } from '../../../src/results/schema.js';
import { writeFinal } from '../../../src/results/write.js';
import { parseIperf3 } from '../../../src/tools/iperf3.js';
import { runCli } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { makeResultDoc } from '../../helpers/result-fixture.js';
import { count } from '../../helpers/reliability.js';

/**
 * The failures of the reliability review, one test each (numbers as in the review): names that
 * are Object.prototype members, hostile names in every output, oversized and deep inputs.
 */

const realText = readFileSync(
  join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-quick-bridge-vxlan.json'),
  'utf8',
);
const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'cnb-issue-'));

async function renderAll(docs: ResultDocument[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, render] of Object.entries(RENDERERS)) out[name] = await render(docs, { color: false });
  count('inputs', Object.keys(RENDERERS).length);
  return out;
}

test('4: --suite constructor, toString, hasOwnProperty, __proto__ are unknown suites (exit 2, no stack trace)', async () => {
  for (const suite of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
    const r = await runCli(['run', '--suite', suite, '--format', 'none'], { timeoutMs: 30_000 });
    count('inputs');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`unknown suite "${suite}"`));
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  }
});

test('5: a scenario named constructor renders in every format; so does a metric named __proto__', async () => {
  for (const name of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty']) {
    const doc = makeResultDoc({
      scenarios: [{ name: 'base' }, { name }],
      results: [
        { scenario: 'base', metrics: { throughput_gbps: [9, 9.1, 9.2] } },
        { scenario: name, metrics: { throughput_gbps: [8, 8.1, 8.2] } },
      ],
    });
    const out = await renderAll([doc]);
    assert.match(out.html!, new RegExp(`Scenario ${name}`));
  }
  // a metric named __proto__, as JSON carries it (an object literal could not)
  const doc = JSON.parse(realText) as ResultDocument;
  const text = JSON.stringify(doc).replace(/"throughput_gbps"/g, '"__proto__"');
  const out = await renderAll([parseResult(text, 'proto.json')]);
  assert.ok(out.md!.length > 0);
});

test('5: 20,000-deep nesting in run.parameters is refused when read, with a coded error', async () => {
  const text = realText.replace(
    /"parameters": *\{/,
    `"parameters":{"deep":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)},`,
  );
  count('inputs');
  assert.throws(
    () => parseResult(text, 'deep.json'),
    (e: unknown) =>
      e instanceof CnibenchError &&
      e.code === 'RESULT_INVALID' &&
      /run\.parameters: nested more than 32 levels/.test(e.message),
  );
});

test('6: hostile names are neutralised: CSV formulas, terminal escape sequences, Markdown structure', async () => {
  const names = [
    '=HYPERLINK("http://x","y")',
    '+1+cmd|calc',
    '-2+3',
    '@SUM(A1)',
    '\u001b]0;pwned\u0007\u001b[2J',
    'a\n# injected heading\n| x | y |',
  ];
  const doc = makeResultDoc({
    scenarios: names.map((name) => ({ name })),
    results: names.map((scenario) => ({
      scenario,
      variant: scenario,
      metrics: { throughput_gbps: [1, 2, 3] },
    })),
  });
  const out = await renderAll([doc]);
  for (const line of out.csv!.split('\n').slice(1)) {
    for (const cell of line.split(',').slice(2, 6))
      assert.doesNotMatch(cell, /^"?[=+\-@]/, `CSV cell ${cell}`);
  }
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(out.terminal!, /[\u001b\u0007]/, 'no escape sequence reaches the terminal');
  assert.match(out.terminal!, /\\x1b\]0;pwned\\x07/, 'shown, visibly');
  assert.doesNotMatch(out.md!, /^#/m, 'no heading injected');
  const rows = out.md!.split('\n').filter((l) => l.startsWith('|'));
  const cells = (l: string): number => l.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
  for (const r of rows) assert.equal(cells(r), cells(rows[0]!), r);
});

test('7: a 1.5 MB config of 100,000 keys and 100,000 bad scenarios get short messages at once', async () => {
  const dir = await tmp();
  const keys = join(dir, 'keys.yaml');
  await writeFile(
    keys,
    ['suites: {}', ...Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`)].join('\n'),
  );
  const bad = join(dir, 'bad.yaml');
  await writeFile(
    bad,
    [
      'scenarios:',
      ...Array.from({ length: 100_000 }, (_, i) => `  - {name: Bad${i}, target: lab, profile: nope}`),
    ].join('\n'),
  );
  for (const f of [keys, bad]) {
    const t0 = Date.now();
    const r = await runCli(['run', '--config', f, '--format', 'none'], { timeoutMs: 60_000 });
    count('inputs');
    assert.equal(r.code, 2, r.stderr);
    assert.ok(Date.now() - t0 < 15_000, `${Date.now() - t0} ms`);
    assert.ok(r.stderr.length < 2_000, `a message of ${r.stderr.length} characters`);
    assert.match(r.stderr, /a config file may be at most 256 KiB/);
  }
  const many = join(dir, 'many.yaml');
  await writeFile(
    many,
    [
      'scenarios:',
      ...Array.from({ length: 3000 }, (_, i) => `  - {name: Bad${i}, target: lab, profile: nope}`),
    ].join('\n'),
  );
  const r = await runCli(['run', '--config', many, '--format', 'none'], { timeoutMs: 60_000 });
  count('inputs');
  assert.equal(r.code, 2);
  assert.ok(r.stderr.length < 2_000, `a message of ${r.stderr.length} characters`);
});

test('7: Markdown (and every renderer) of 2,000 results takes seconds, not minutes', async () => {
  const results = Array.from({ length: 1000 }, (_, i) =>
    ['a', 'b'].map((scenario) => ({
      scenario,
      variant: `streams=${i}`,
      metrics: { throughput_gbps: [1 + (i % 7), 2, 3], retransmits: [1, 2, 3] },
    })),
  ).flat();
  const doc = makeResultDoc({ scenarios: [{ name: 'a' }, { name: 'b' }], results });
  for (const [name, render] of Object.entries(RENDERERS)) {
    const t0 = Date.now();
    await render([doc], { color: false });
    count('inputs');
    assert.ok(Date.now() - t0 < (name === 'html' ? 40_000 : 10_000), `${name}: ${Date.now() - t0} ms`);
  }
});

test('7: an iperf3 interval ending at 1.5e308 gives finite figures, and the saved result reads back', async () => {
  const json = JSON.parse(
    readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'iperf3', 'tcp-1stream.json'), 'utf8'),
  ) as {
    intervals: { sum: { end: number } }[];
  };
  json.intervals[0]!.sum.end = 1.5e308;
  const r = parseIperf3(JSON.stringify(json));
  count('inputs');
  assert.ok(r.ok, r.ok ? '' : r.message);
  const points = r.series[0]!.points;
  assert.ok(
    points.every(([t, v]) => Number.isFinite(t) && Number.isFinite(v)),
    JSON.stringify(points[0]),
  );
  const doc = makeResultDoc({
    scenarios: [{ name: 's' }],
    results: [{ scenario: 's', metrics: { throughput_gbps: [1] }, series: () => r.series }],
  });
  const file = await writeFinal(await tmp(), doc, { fallbacks: [] });
  assert.deepEqual((await readResult(file)).results[0]!.repetitions[0]!.series, r.series);
});
