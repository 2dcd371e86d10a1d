import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderCsv, CSV_COLUMNS } from '../../../src/report/csv.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { readResult } from '../../../src/results/read.js';
import { matchSnapshot } from '../../helpers/snapshot.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const realRun = (): ReturnType<typeof readResult> =>
  readResult(join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-quick-bridge-vxlan.json'));

test('terminal table of a real lab run', async () => {
  const doc = await realRun();
  const text = renderTerminal([doc], { color: false });
  assert.match(text, /^scenario\s+placement\s+tcp\s+n\s+throughput \(Gbit\/s\)/);
  matchSnapshot('report/terminal.txt', text);
});

test('Markdown summary: scenario columns and the change against the first', async () => {
  const doc = await realRun();
  const md = renderMarkdown([doc]);
  assert.match(
    md.split('\n')[0]!,
    /^\| Test \| Metric \| bridge-native \| vxlan \| vxlan vs bridge-native \|$/,
  );
  matchSnapshot('report/markdown.md', md);
});

test('CSV: the SPEC columns first, one row per figure, numbers unrounded', async () => {
  const doc = await realRun();
  const csv = renderCsv([doc]);
  const [header, ...rows] = csv.trimEnd().split('\n');
  assert.deepEqual(header!.split(',').slice(0, 14), [
    'run',
    'target',
    'scenario',
    'placement',
    'measurement',
    'variant',
    'metric',
    'unit',
    'n',
    'median',
    'min',
    'max',
    'ci_low',
    'ci_high',
  ]);
  assert.equal(header, CSV_COLUMNS.join(','));
  const figures = doc.results.reduce((a, r) => a + r.summaries.length, 0);
  assert.equal(rows.length, figures);
  matchSnapshot('report/results.csv', csv);
});

test('CSV quotes fields that hold separators', async () => {
  const doc = await realRun();
  const odd = { ...doc, results: doc.results.slice(0, 1).map((r) => ({ ...r, scenario: 'a,"b"' })) };
  assert.match(renderCsv([odd]).split('\n')[1]!, /^\w+,lab,"a,""b""",/);
});
