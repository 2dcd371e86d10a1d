import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { meshMatrices } from '../../../src/analysis/mesh-matrix.js';
import { zoneSummary } from '../../../src/analysis/mesh-zones.js';
import { renderCsv } from '../../../src/report/csv.js';
import { judgedMatrices, meshSection } from '../../../src/report/html-mesh.js';
import { renderHtml } from '../../../src/report/html.js';
import { badness, badnessColour, heatmapSvg, scaleRange } from '../../../src/report/mesh-heatmap.js';
import { meshText } from '../../../src/report/mesh-text.js';
import { readResult } from '../../../src/results/read.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { matchSnapshot } from '../../helpers/snapshot.js';

/** A real 4-node lab mesh (bridge-native, links at 400 Mbit/s, node3's at 100 Mbit/s both ways). */
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-mesh4-node3-shaped.json');

test('the matrices of a real lab mesh: one per variant and metric, every ordered pair, nodes in order', async () => {
  const doc = await readResult(FIXTURE);
  const ms = meshMatrices(doc);
  assert.deepEqual(
    ms.map((m) => `${m.measurement} ${m.variant} ${m.metric}`),
    ['rr size=64B latency_p50_us', 'rr size=64B latency_p99_us', 'tcp streams=1 throughput_gbps'],
  );
  const t = ms[2]!;
  assert.deepEqual(t.nodes, ['node1', 'node2', 'node3', 'node4']);
  assert.equal(t.cells.length, 12);
  assert.equal(t.better, 'higher');
  for (const c of t.cells)
    assert.ok((c.client === 'node3' || c.server === 'node3') === c.value! < 0.15, `${c.client}>${c.server}`);
  assert.deepEqual(zoneSummary(t), [], 'no zones in this lab');
  const judged = judgedMatrices(doc);
  assert.deepEqual(
    judged.flatMap((j) => j.nodes.filter((n) => n.outlier).map((n) => `${j.matrix.metric}:${n.node}`)),
    ['throughput_gbps:node3'],
  );
});

test('zones are summarised per ordered zone pair', async () => {
  const doc = await readResult(FIXTURE);
  const m = meshMatrices(doc)[2]!;
  m.zones = { node1: 'a', node2: 'a', node3: 'b', node4: 'b' };
  const z = zoneSummary(m);
  assert.deepEqual(
    z.map((c) => `${c.from}>${c.to}:${c.n}`),
    ['a>a:2', 'a>b:4', 'b>a:4', 'b>b:2'],
  );
  assert.ok(z.find((c) => c.from === 'a' && c.to === 'a')!.median > 0.3);
});

test('the heatmap: cells carry their pair and figure, dark where worse, the outlier framed', async () => {
  const doc = await readResult(FIXTURE);
  const j = judgedMatrices(doc)[2]!;
  const svg = heatmapSvg(j.matrix, j.nodes, 'x');
  assert.match(svg, /^<svg [^>]*data-metric="throughput_gbps"[^>]*data-outliers="node3"/);
  const cells = [
    ...svg.matchAll(
      /class="cell" data-client="(\w+)" data-server="(\w+)" data-value="([\d.]+)"[^>]*fill="(#\w{6})"/g,
    ),
  ];
  assert.equal(cells.length, 12);
  for (const [, c, s, , fill] of cells) {
    const three = c === 'node3' || s === 'node3';
    assert.equal(
      fill === badnessColour(1) || parseInt(fill!.slice(3, 5), 16) < 60,
      three,
      `${c}>${s} ${fill}`,
    );
  }
  assert.equal((svg.match(/class="outlier-frame" data-node="node3"/g) ?? []).length, 2);
  assert.match(svg, /<title>node3 → node1: 0\.0979 Gbit\/s \(1\/1 ok\)<\/title>/);
  assert.equal(badnessColour(0), '#ffffd9');
  assert.equal(badness(10, 0, 10, 'higher'), 0);
  assert.equal(badness(10, 0, 10, 'lower'), 1);
  const many = Array.from({ length: 40 }, (_, i) => i);
  assert.deepEqual(scaleRange([...many, 1000]), { lo: 2, hi: 38, clamped: true });
});

test('mesh output of a real run: HTML section, terminal and Markdown lines, CSV with the pair nodes', async () => {
  const doc = await readResult(FIXTURE);
  const section = meshSection([doc]);
  assert.match(section, /<h2 id="mesh">Node-pair mesh<\/h2>/);
  assert.match(section, /data-outliers="node3">Outlier on throughput: <b>node3<\/b> \(worse\)/);
  assert.match(await renderHtml([doc]), /<h2 id="mesh">/);
  assert.equal(meshSection([{ ...doc, mesh: undefined }]), '', 'nothing without a mesh');
  matchSnapshot('mesh/terminal.txt', meshText([doc], false));
  matchSnapshot('mesh/markdown.md', meshText([doc], true));
  const csv = renderCsv([doc]);
  const [head, ...rows] = csv.trim().split('\n');
  assert.match(
    head!,
    /^run,target,scenario,placement,measurement,variant,metric,unit,n,median,min,max,ci_low,ci_high,q1,q3,ci_level,status,note,client_node,server_node$/,
  );
  assert.ok(rows.some((r) => /,tcp,streams=1,throughput_gbps,Gbit\/s,1,0\.09\d+,.*,node3,node1$/.test(r)));
  matchSnapshot('mesh/csv.csv', csv);
  assert.doesNotMatch(
    renderCsv([{ ...doc, mesh: undefined }]).split('\n')[0]!,
    /client_node/,
    'plain runs keep their columns',
  );
});
