import type { ResultDocument } from '../results/schema.js';
import { zoneSummary } from '../analysis/mesh-zones.js';
import { fmtNum } from '../util/table.js';
import { judgedMatrices } from './html-mesh.js';

/**
 * The mesh in a few lines per matrix, for the terminal and Markdown reports: the spread of the
 * node medians, the outliers with their evidence, and the zones. Empty without a mesh.
 */
export function meshText(docs: readonly ResultDocument[], markdown: boolean): string {
  const out: string[] = [];
  const item = (s: string, level = 0): string =>
    `${'  '.repeat(level + (markdown ? 0 : 1))}${markdown ? '- ' : ''}${s}`;
  for (const doc of docs) {
    const judged = judgedMatrices(doc);
    for (const scenario of [...new Set(judged.map((j) => j.matrix.scenario))]) {
      const env = doc.scenarios.findLast((s) => s.name === scenario)?.environment ?? {};
      const head = `mesh ${scenario}: ${String(env.mesh_nodes ?? '?')} nodes, ${String(env.mesh_tests ?? '?')} tests in ${String(env.mesh_rounds ?? '?')} rounds`;
      out.push(markdown ? `### ${head}` : head);
      for (const { matrix: m, nodes } of judged.filter((j) => j.matrix.scenario === scenario)) {
        const medians = nodes.filter((n) => n.median !== undefined).map((n) => n.median!);
        const failed = m.cells.filter((c) => c.value === undefined).length;
        const spread =
          medians.length === 0
            ? 'no figures'
            : `node medians ${fmtNum(Math.min(...medians))}-${fmtNum(Math.max(...medians))} ${m.unit}`;
        const flagged = nodes.filter((n) => n.outlier !== undefined);
        out.push(
          item(
            `${m.measurement} ${m.variant} ${m.label}: ${spread}${failed > 0 ? `, ${failed} pairs failed` : ''}; ${flagged.length === 0 ? 'no outlier' : `outliers: ${flagged.map((f) => `${f.node} (${f.outlier})`).join(', ')}`}`,
          ),
        );
        for (const f of flagged) out.push(item(`${f.node}: ${f.evidence}`, 1));
        for (const z of zoneSummary(m))
          out.push(item(`${z.from} -> ${z.to}: median ${fmtNum(z.median)} ${m.unit} over ${z.n} pairs`, 1));
      }
    }
  }
  return out.length === 0 ? '' : `${markdown ? '\n' : ''}${out.join('\n')}\n`;
}
