import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RENDERERS } from '../../../src/report/index.js';
import { readResult } from '../../../src/results/read.js';
import { cli, REAL_RUN, secondRun } from '../../helpers/main-io.js';

/** The header of the Markdown figures table (after the verdicts). */
const tableHeader = (md: string): string =>
  md.split('\n').find((l) => l.startsWith('| Test | Metric |')) ?? '';

/**
 * Two runs with the same scenario names (bridge-native and vxlan in run 8ec1ui and run b2run2):
 * every format keeps them apart by run; none merges a scenario of one run into the other's.
 */
test('several runs sharing scenario names: every report format keeps the runs apart', async () => {
  const other = await secondRun();
  const docs = [await readResult(REAL_RUN), await readResult(other)];
  const render = async (format: string): Promise<string> =>
    RENDERERS[format]!(docs, { color: false }) as string | Promise<string>;
  const checks: Record<string, (text: string) => void> = {
    terminal: (t) => {
      assert.match(t, /^run\s+scenario\s+placement\s+tcp\s+n\s+throughput/m);
      assert.match(t, /^8ec1ui\s+vxlan\s+cross-node\s+streams=1\s+3\/3/m);
      assert.match(t, /^b2run2\s+vxlan\s+cross-node\s+streams=1\s+3\/3/m);
    },
    md: (t) => {
      const header = tableHeader(t);
      for (const col of [
        'bridge-native (8ec1ui)',
        'vxlan (8ec1ui)',
        'bridge-native (b2run2)',
        'vxlan (b2run2)',
      ])
        assert.ok(header.includes(`| ${col} |`), `${col} in ${header}`);
      assert.match(header, /\| vxlan \(b2run2\) vs bridge-native \(8ec1ui\) \|$/);
    },
    csv: (t) => {
      const runs = new Set(
        t
          .trimEnd()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      );
      assert.deepEqual([...runs].sort(), ['8ec1ui', 'b2run2']);
    },
    json: (t) => {
      const parsed = JSON.parse(t) as { run: { id: string } }[];
      assert.deepEqual(
        parsed.map((d) => d.run.id),
        ['8ec1ui', 'b2run2'],
      );
    },
    jsonl: (t) => {
      const lines = t
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { run: string; id: string });
      assert.equal(new Set(lines.map((l) => l.id)).size, lines.length, 'ids are unique');
      assert.deepEqual([...new Set(lines.map((l) => l.run))].sort(), ['8ec1ui', 'b2run2']);
    },
    openmetrics: (t) => {
      const medians = t.split('\n').filter((l) => l.startsWith('cnibench_result_median{'));
      assert.equal(new Set(medians.map((l) => l.split('} ')[0])).size, medians.length, 'no duplicate series');
      assert.ok(medians.some((l) => l.includes('run="b2run2"')));
      assert.ok(medians.some((l) => l.includes('run="8ec1ui"')));
    },
    html: (t) => {
      assert.match(t, /vxlan \(8ec1ui\)/);
      assert.match(t, /vxlan \(b2run2\)/);
    },
    junit: (t) => {
      assert.match(t, /<testsuite name="8ec1ui\/vxlan"/);
      assert.match(t, /<testsuite name="b2run2\/vxlan"/);
    },
  };
  assert.deepEqual(Object.keys(checks).sort(), Object.keys(RENDERERS).sort(), 'every format is checked');
  for (const [format, check] of Object.entries(checks)) check(await render(format));
});

test('Markdown: one run keeps plain scenario names; runs sharing names get the run id', async () => {
  const one = await cli('report', REAL_RUN, '-o', 'md');
  assert.match(
    tableHeader(one.out),
    /^\| Test \| Metric \| bridge-native \| vxlan \| vxlan vs bridge-native \|$/,
  );
  const two = await cli('report', REAL_RUN, await secondRun(), '-o', 'md');
  assert.match(tableHeader(two.out), /\| bridge-native \(8ec1ui\) \|/);
});
