import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderCsv, CSV_COLUMNS } from '../../../src/report/csv.js';
import { renderJunit } from '../../../src/report/junit.js';
import { rendererFor } from '../../../src/report/index.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { readResult } from '../../../src/results/read.js';
import { matchSnapshot } from '../../helpers/snapshot.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const realRun = (): ReturnType<typeof readResult> =>
  readResult(join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-quick-bridge-vxlan.json'));

test('terminal report of a real lab run: the verdict table first, then the figures', async () => {
  const doc = await realRun();
  const text = renderTerminal([doc], { color: false });
  assert.match(
    text,
    /^VERDICTS\n\nvxlan vs bridge-native \(baseline\): 9 inconclusive\nplacement\s+test\s+metric\s+baseline\s+candidate\s+change\s+interval of the change\s+verdict\s+caveat\n/,
  );
  assert.match(text, /\nscenario\s+placement\s+tcp\s+n\s+throughput \(Gbit\/s\)/);
  assert.match(
    text,
    /cross-node\s+udp rate=1G.*vxlan sender-bound \(sent 0\.567 of 1\.00 Gbit\/s offered\)/,
    'UDP below its offered rate is flagged',
  );
  const end = renderTerminal([doc], { color: false, verdicts: 'bottom' });
  assert.match(end, /^scenario/, 'run prints the figures first and ends with the verdicts');
  assert.ok(end.trimEnd().endsWith('See docs/statistics.md.'));
  matchSnapshot('report/terminal.txt', text);
});

test('Markdown report: the verdict table first, then scenario columns and the change against the first', async () => {
  const doc = await realRun();
  const md = renderMarkdown([doc]);
  const lines = md.split('\n');
  assert.equal(lines[0], '## Verdicts');
  assert.match(lines[2]!, /^### vxlan vs bridge-native \(baseline\): 9 inconclusive$/);
  assert.ok(lines.includes('| Test | Metric | bridge-native | vxlan | vxlan vs bridge-native |'));
  assert.match(
    md,
    /\| cross-node \| udp rate=1G \|.*vxlan sender-bound \(sent 0\.567 of 1\.00 Gbit\/s offered\)/,
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
  assert.ok(
    rows.some((r) =>
      /^[^,]+,lab,vxlan,cross-node,udp,rate=1G,throughput_gbps,.*,ok,sender-bound: sent 0\.567 of 1\.00 Gbit\/s offered/.test(
        r,
      ),
    ),
    'UDP below its offered rate is flagged in the note column',
  );
  matchSnapshot('report/results.csv', csv);
});

test('CSV and JUnit list skips with their reason (not failures)', async () => {
  const doc = await realRun();
  doc.scenarios[1]!.unsupportedPlacements.push({
    placement: 'cross-node',
    reason: 'only one usable node in the cluster',
  });
  doc.skipped.push({
    scenario: 'vxlan',
    placement: 'host',
    measurement: 'services',
    variant: 'services=10,mode=iptables',
    reason: 'no Services at scale here',
  });
  const rows = renderCsv([doc]).trimEnd().split('\n');
  assert.ok(
    rows.includes(
      [
        doc.run.id,
        'lab',
        'vxlan',
        'cross-node',
        '',
        '',
        ...Array<string>(11).fill(''),
        'skipped',
        'only one usable node in the cluster',
      ].join(','),
    ),
  );
  assert.ok(
    rows.includes(
      [
        doc.run.id,
        'lab',
        'vxlan',
        'host',
        'services',
        '"services=10,mode=iptables"',
        ...Array<string>(11).fill(''),
        'skipped',
        'no Services at scale here',
      ].join(','),
    ),
  );
  const xml = renderJunit([doc]);
  assert.match(
    xml,
    /<testcase classname="cnibench\.vxlan\.cross-node" name="cross-node placement" time="0\.000">\n\s*<skipped message="only one usable node in the cluster"\/>/,
  );
  assert.match(xml, /testsuite name="[^"]+\/vxlan" tests="\d+" failures="0" errors="0" skipped="2"/);
});

test('CSV quotes fields that hold separators', async () => {
  const doc = await realRun();
  const odd = { ...doc, results: doc.results.slice(0, 1).map((r) => ({ ...r, scenario: 'a,"b"' })) };
  assert.match(renderCsv([odd]).split('\n')[1]!, /^\w+,lab,"a,""b""",/);
});

test('UDP whose sender did not reach the offered rate is flagged sender-bound in every report format', async () => {
  const doc = await realRun();
  for (const format of ['terminal', 'md', 'html', 'csv', 'junit']) {
    const text = await rendererFor(format)([doc], { color: false });
    assert.match(text, /sender-bound/, `${format} flags the sender-bound UDP figures`);
  }
});
