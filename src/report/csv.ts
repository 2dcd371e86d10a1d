import type { ResultDocument } from '../results/schema.js';
import { figureRows } from './rows.js';
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
] as const;

/** Long-form CSV: one row per summary figure. */
export function renderCsv(docs: readonly ResultDocument[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of figureRows(docs)) {
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
    ];
    lines.push(values.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
