import type { ResultDocument } from '../results/schema.js';
import { figureRows, meshFigureRows } from './rows.js';

/** The exact leading columns of SPEC section 4; scripts rely on them. More may follow. */
export const CSV_COLUMNS = [
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
  'q1',
  'q3',
  'ci_level',
] as const;

function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Columns added when the documents hold mesh results (`run --mesh`): the pair's two nodes. */
export const MESH_CSV_COLUMNS = ['client_node', 'server_node'] as const;

/** Long-form CSV: one row per summary figure; with a mesh, one more per pair, named by its nodes. */
export function renderCsv(docs: readonly ResultDocument[]): string {
  const mesh = docs.some((d) => (d.mesh ?? []).length > 0);
  const lines = [[...CSV_COLUMNS, ...(mesh ? MESH_CSV_COLUMNS : [])].join(',')];
  const rows = [...figureRows(docs), ...meshFigureRows(docs)];
  for (const r of rows) {
    const s = r.summary;
    const values: (string | number)[] = [
      r.run,
      r.target,
      r.scenario,
      r.placement,
      r.measurement,
      r.variant,
      s.metric,
      s.unit,
      s.n,
      s.median,
      s.min,
      s.max,
      s.ci_low,
      s.ci_high,
      s.q1,
      s.q3,
      s.ci_level,
      ...(mesh ? [r.client_node ?? '', r.server_node ?? ''] : []),
    ];
    lines.push(values.map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
