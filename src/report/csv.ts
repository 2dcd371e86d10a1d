import type { ResultDocument } from '../results/schema.js';
import { bottleneckNotes } from '../analysis/bottleneck.js';
import { figureRows, meshFigureRows } from './rows.js';
import { csvCell } from '../util/escape.js';

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
  'status',
  'note',
] as const;

/** Columns added when the documents hold mesh results (`run --mesh`): the pair's two nodes. */
export const MESH_CSV_COLUMNS = ['client_node', 'server_node'] as const;

/** Long-form CSV: one row per summary figure; with a mesh, one more per pair, named by its nodes. */
export function renderCsv(docs: readonly ResultDocument[]): string {
  const mesh = docs.some((d) => (d.mesh ?? []).length > 0);
  const lines = [[...CSV_COLUMNS, ...(mesh ? MESH_CSV_COLUMNS : [])].join(',')];
  const rows = [...figureRows(docs), ...meshFigureRows(docs)];
  const notes = docs.map((d) => ({ run: d.run.id, notes: bottleneckNotes(d) }));
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
      'ok',
      (notes.find((n) => n.run === r.run)?.notes ?? [])
        .filter(
          (n) =>
            n.scenario === r.scenario &&
            n.placement === r.placement &&
            n.measurement === r.measurement &&
            n.variant === r.variant &&
            n.metric === s.metric,
        )
        .map((n) => `${n.kind}: ${n.short}`)
        .join('; '),
      ...(mesh ? [r.client_node ?? '', r.server_node ?? ''] : []),
    ];
    lines.push(values.map(csvCell).join(','));
  }
  for (const doc of docs)
    for (const row of skipRows(doc)) lines.push([...row, ...(mesh ? ['', ''] : [])].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** A row per skipped scenario, placement or measurement: identifying columns, empty figures, the reason. */
function skipRows(doc: ResultDocument): string[][] {
  const figures = CSV_COLUMNS.length - 6; // metric .. ci_level, status, note: empty but for the last two
  const row = (scenario: string, placement = '', measurement = '', variant = '', reason = ''): string[] =>
    [
      doc.run.id,
      doc.run.target,
      scenario,
      placement,
      measurement,
      variant,
      ...Array<string>(figures).fill(''),
    ].map((v, i, all) => (i === all.length - 2 ? 'skipped' : i === all.length - 1 ? reason : v));
  const out: string[][] = [];
  for (const s of doc.scenarios) {
    if (s.status === 'skipped') out.push(row(s.name, '', '', '', s.error?.message ?? 'not supported here'));
    for (const u of s.unsupportedPlacements) out.push(row(s.name, u.placement, '', '', u.reason));
  }
  for (const k of doc.skipped) out.push(row(k.scenario, k.placement, k.measurement, k.variant, k.reason));
  return out;
}
