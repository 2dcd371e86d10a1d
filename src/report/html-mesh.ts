import { meshMatrices, type MeshMatrix } from '../analysis/mesh-matrix.js';
import { DEFAULT_OUTLIER_RULE, judgeNodes, type NodeJudgement } from '../analysis/mesh-outliers.js';
import { zoneSummary } from '../analysis/mesh-zones.js';
import type { ResultDocument } from '../results/schema.js';
import { scenarioLabel } from './html-sections.js';
import { esc, num, table } from './html-util.js';
import { heatmapSvg } from './mesh-heatmap.js';

/** A matrix with its per-node judgements. */
export interface JudgedMatrix {
  matrix: MeshMatrix;
  nodes: NodeJudgement[];
}

/** Every mesh matrix of some documents, each with its nodes judged. */
export function judgedMatrices(doc: ResultDocument): JudgedMatrix[] {
  return meshMatrices(doc).map((matrix) => ({
    matrix,
    nodes: judgeNodes(matrix.nodes, matrix.cells, matrix.better, matrix.unit),
  }));
}

const MESH_FACTS = [
  'mesh_nodes',
  'mesh_tests',
  'mesh_rounds',
  'mesh_concurrency',
  'mesh_sampled',
  'mesh_setup_s',
  'mesh_excluded',
];

function facts(doc: ResultDocument, scenario: string): string {
  const env = doc.scenarios.findLast((s) => s.name === scenario)?.environment ?? {};
  const parts = MESH_FACTS.filter((k) => env[k] !== undefined).map(
    (k) => `${k.replace('mesh_', '')} ${String(env[k])}`,
  );
  return parts.length === 0 ? '' : `<p class="muted">${esc(parts.join(' · '))}</p>`;
}

function outlierTable(j: JudgedMatrix): string {
  const flagged = j.nodes.filter((n) => n.outlier !== undefined);
  const unit = j.matrix.unit;
  const row = (n: NodeJudgement): string[] => [
    `<b class="${n.outlier === 'worse' ? 'bad' : ''}">${esc(n.node)}</b>`,
    esc(n.outlier ?? '-'),
    n.median === undefined ? '-' : esc(`${num(n.median)} ${unit}`),
    n.reference === undefined ? '-' : esc(`${num(n.reference.median)} ${unit}`),
    n.change === undefined || !Number.isFinite(n.change)
      ? '-'
      : esc(`${n.change >= 0 ? '+' : ''}${(n.change * 100).toFixed(0)}%`),
    esc(n.evidence),
  ];
  const head = ['node', 'outlier', 'node median', 'others&#39; median', 'change', 'evidence'];
  const summary =
    flagged.length === 0
      ? `<p class="mesh-outliers" data-outliers="">No node stands out on ${esc(j.matrix.label)}.</p>`
      : `<p class="mesh-outliers note" data-outliers="${esc(flagged.map((f) => f.node).join(' '))}">Outlier${flagged.length > 1 ? 's' : ''} on ${esc(j.matrix.label)}: ${flagged.map((f) => `<b>${esc(f.node)}</b> (${esc(f.outlier ?? '')})`).join(', ')}</p>\n${table(head, flagged.map(row))}`;
  return `${summary}\n<details><summary>every node</summary>\n${table(head, j.nodes.map(row))}\n</details>`;
}

function zonesTable(m: MeshMatrix): string {
  const z = zoneSummary(m);
  if (z.length === 0) return '';
  const rows = z.map((c) => [
    esc(c.from),
    esc(c.to),
    String(c.n),
    esc(`${num(c.median)} ${m.unit}`),
    esc(`${num(c.min)}-${num(c.max)}`),
  ]);
  return `<p class="muted">By zone (client zone to server zone):</p>\n${table(['from', 'to', 'pairs', 'median', 'range'], rows)}`;
}

/**
 * The mesh part of the HTML report: per scenario, a node x node heatmap per metric, the nodes
 * that stand out with the evidence, and the zones. Empty when no document has a mesh.
 */
export function meshSection(docs: readonly ResultDocument[]): string {
  const parts: string[] = [];
  let id = 0;
  for (const doc of docs) {
    const judged = judgedMatrices(doc);
    for (const scenario of [...new Set(judged.map((j) => j.matrix.scenario))]) {
      parts.push(`<h3>Scenario ${esc(scenarioLabel(docs, doc, scenario))}</h3>`, facts(doc, scenario));
      for (const j of judged.filter((x) => x.matrix.scenario === scenario)) {
        parts.push(
          `<figure class="chart mesh">${heatmapSvg(j.matrix, j.nodes, String(++id))}</figure>`,
          outlierTable(j),
          zonesTable(j.matrix),
        );
      }
    }
  }
  if (parts.length === 0) return '';
  const r = DEFAULT_OUTLIER_RULE;
  return `<h2 id="mesh">Node-pair mesh</h2>
<p class="muted">Rows: client node; columns: server node; each cell the pair's median. A node is an <b>outlier</b> when the median of the pairs it took part in lies beyond Tukey's fence (${r.fence} interquartile ranges outside the quartiles) of the pairs it did not take part in, and differs from their median by ${r.minEffect * 100}% or more.</p>
${parts.filter((p) => p !== '').join('\n')}`;
}
