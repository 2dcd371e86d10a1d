import { verdictTable } from '../../src/compare/verdict-table.js';
import type { ResultDocument } from '../../src/results/schema.js';
import { sig } from '../lib/figure.js';

/** What a run concluded on cross-node tcp streams=1, as its report's verdict table says. */
export interface Decided {
  /** better, worse, no-significant-difference, inconclusive; undefined without a row. */
  verdict: string | undefined;
  /** Repetitions per side. */
  n: number;
  text: string;
}

/**
 * The verdict table's row for cross-node tcp streams=1 (the same table `cnibench report` opens
 * with): its verdict, the ratio with its interval, its caveats, and `--repeat auto`'s reason
 * for stopping when there is one.
 */
export function crossNodeVerdict(doc: ResultDocument): Decided {
  const table = verdictTable([doc]);
  const row = table?.rows.find(
    (r) =>
      r.comparison.placement === 'cross-node' &&
      r.comparison.measurement === 'tcp' &&
      r.comparison.variant === 'streams=1',
  );
  if (row === undefined) return { verdict: undefined, n: 0, text: 'no verdict row' };
  const c = row.comparison;
  const ci = c.ratioCi
    ? ` ratio ${sig(c.ratioCi.estimate)} [${sig(c.ratioCi.low)}..${sig(c.ratioCi.high)}] at ${(c.ratioCi.level * 100).toFixed(0)}%`
    : '';
  const q = c.qValue === null ? '' : `, q ${sig(c.qValue, 2)}`;
  const caveats = row.caveats.length > 0 ? `; caveats: ${row.caveats.join('; ')}` : '';
  const stop = doc.results
    .filter((r) => r.placement === 'cross-node' && r.measurement === 'tcp' && r.variant === 'streams=1')
    .flatMap((r) => r.repetitions.flatMap((rep) => rep.notes))
    .find((n) => n.startsWith('--repeat auto'));
  const n = Math.min(c.baseline.n, c.candidate.n);
  return {
    verdict: c.verdict,
    n,
    text: `${c.verdict} at n=${n}${ci}${q}${caveats}${stop ? ` (${stop})` : ''}`,
  };
}
