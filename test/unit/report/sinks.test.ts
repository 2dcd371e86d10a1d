import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { renderJsonl } from '../../../src/report/jsonl.js';
import { FIGURE_FAMILIES, renderOpenMetrics, RUN_FAMILIES } from '../../../src/report/openmetrics.js';
import { figureRows } from '../../../src/report/rows.js';
import { readResult } from '../../../src/results/read.js';
import type { ResultDocument } from '../../../src/results/schema.js';
import { REAL_RUN } from '../../helpers/main-io.js';
import { matchSnapshot } from '../../helpers/snapshot.js';

function run(cmd: string, args: string[], input: string): { status: number | null; out: string } | undefined {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 60_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A copy of the real run whose scenario name needs every escape of the exposition format. */
function awkward(doc: ResultDocument): ResultDocument {
  const name = 'say "hi"\\n\nnext';
  return {
    ...doc,
    run: { ...doc.run, id: 'awk001' },
    results: doc.results.map((r) => ({ ...r, scenario: r.scenario === 'vxlan' ? name : r.scenario })),
  };
}

test('openmetrics: one sample per figure and statistic, labelled, valued as the summary; snapshot', async () => {
  const doc = await readResult(REAL_RUN);
  const text = renderOpenMetrics([doc]);
  matchSnapshot('report/openmetrics.txt', text);
  assert.ok(text.endsWith('# EOF\n'));
  const rows = figureRows([doc]);
  const medians = text.split('\n').filter((l) => l.startsWith('cnibench_result_median{'));
  assert.equal(medians.length, rows.length);
  const row = rows.find(
    (r) =>
      r.scenario === 'vxlan' &&
      r.placement === 'cross-node' &&
      r.variant === 'streams=1' &&
      r.summary.metric === 'throughput_gbps',
  )!;
  const labels = `run="8ec1ui",target="lab",scenario="vxlan",placement="cross-node",measurement="tcp",variant="streams=1",metric="throughput_gbps",unit="Gbit/s"`;
  assert.ok(text.includes(`cnibench_result_median{${labels}} ${row.summary.median}\n`));
  assert.ok(text.includes(`cnibench_result_repetitions{${labels}} ${row.summary.n}\n`));
  assert.ok(text.includes(`cnibench_result_ci_low{${labels}} ${row.summary.ci_low}\n`));
  for (const f of [...FIGURE_FAMILIES, ...Object.values(RUN_FAMILIES)])
    assert.ok(text.includes(`# TYPE ${f.name} gauge\n`), f.name);
  assert.match(
    text,
    /^cnibench_run_info\{run="8ec1ui",target="lab",suite="quick",status="complete",version="[^"]+",provenance="measured"\} 1$/m,
  );
  assert.ok(
    text.includes(
      `cnibench_run_start_timestamp_seconds{run="8ec1ui",target="lab"} ${Date.parse(doc.run.startedAt) / 1000}\n`,
    ),
  );
});

test('openmetrics passes promtool check metrics, with labels that need escaping too', async (t) => {
  const doc = await readResult(REAL_RUN);
  for (const text of [renderOpenMetrics([doc]), renderOpenMetrics([awkward(doc)])]) {
    const r = run('promtool', ['check', 'metrics'], text);
    if (r === undefined) return t.skip('promtool is not installed (Debian: apt-get install prometheus)');
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, '', 'no lint findings');
  }
  assert.ok(renderOpenMetrics([awkward(doc)]).includes('scenario="say \\"hi\\"\\\\n\\nnext"'));
});

test("openmetrics parses as OpenMetrics 1.0 text (the Python client's strict parser)", async (t) => {
  const doc = await readResult(REAL_RUN);
  const script = [
    'import sys',
    'from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse',
    'families = list(parse(sys.stdin.read()))',
    'print(len(families), sum(len(f.samples) for f in families))',
  ].join('\n');
  const r = run('/usr/bin/python3', ['-c', script], renderOpenMetrics([awkward(doc), doc]));
  if (r === undefined || /No module named/.test(r.out))
    return t.skip('python3-prometheus-client is not installed');
  assert.equal(r.status, 0, r.out);
  const samples = figureRows([doc]).length * 2 * FIGURE_FAMILIES.length + 2 * 3;
  assert.equal(r.out.trim(), `${FIGURE_FAMILIES.length + 3} ${samples}`);
});

test('jsonl: one JSON object per line and figure, with @timestamp and a stable id; snapshot', async () => {
  const doc = await readResult(REAL_RUN);
  const text = renderJsonl([doc]);
  matchSnapshot('report/figures.jsonl', text);
  assert.ok(text.endsWith('}\n'));
  const lines = text.slice(0, -1).split('\n');
  const rows = figureRows([doc]);
  assert.equal(lines.length, rows.length);
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const [i, p] of parsed.entries()) {
    const r = rows[i]!;
    assert.equal(p['@timestamp'], doc.run.startedAt);
    assert.equal(
      p['id'],
      `8ec1ui/${r.scenario}/${r.placement}/${r.measurement}/${r.variant}/${r.summary.metric}`,
    );
    assert.equal(p['median'], r.summary.median);
    assert.equal(p['unit'], r.summary.unit);
    assert.equal(p['better'], r.summary.better);
  }
  assert.equal(new Set(parsed.map((p) => p['id'])).size, parsed.length);
  assert.equal(renderJsonl([]), '');
});
