import { verdictLabel, levelText } from '../compare/verdict.js';
import type { VerdictRow, VerdictTable } from '../compare/verdict-table.js';
import type { MetricComparison } from '../compare/types.js';
import { metricInfo } from '../measure/registry.js';
import { fmtNum, formatTable } from '../util/table.js';
import { esc, table } from './html-util.js';

/** The verdict table's columns, as plain text cells (renderers escape them). */
export const VERDICT_HEADER = [
  'placement',
  'test',
  'metric',
  'baseline',
  'candidate',
  'change',
  'interval of the change',
  'verdict',
  'caveat',
] as const;

/** One row's cells: the figures with units, the change in %, its interval, the verdict and caveats. */
export function verdictCells(row: VerdictRow): string[] {
  const m = row.comparison;
  const unit = metricInfo(m.metric).unit;
  const value = (x: number): string => `${fmtNum(x)}${unit === 'count' || unit === '' ? '' : ` ${unit}`}`;
  return [
    m.placement,
    `${m.measurement} ${m.variant}`,
    metricInfo(m.metric).label,
    `${value(m.baseline.median)} (n=${m.baseline.n})`,
    `${value(m.candidate.median)} (n=${m.candidate.n})`,
    m.relPct === null ? '-' : `${m.relPct >= 0 ? '+' : ''}${m.relPct.toFixed(1)}%`,
    changeInterval(m),
    verdictLabel(m),
    row.caveats.join('; '),
  ];
}

/** The interval of the change as percent (of the ratio), else of the difference, with its real level. */
export function changeInterval(m: Pick<MetricComparison, 'ratioCi' | 'diffCi' | 'unit'>): string {
  if (m.ratioCi !== null) {
    const p = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`;
    return `${p(m.ratioCi.low)}..${p(m.ratioCi.high)} (${levelText(m.ratioCi.level)})`;
  }
  if (m.diffCi !== null) {
    const d = (x: number): string => `${x >= 0 ? '+' : ''}${fmtNum(x)}`;
    return `${d(m.diffCi.low)}..${d(m.diffCi.high)} ${m.unit === 'count' ? '' : m.unit} (${levelText(m.diffCi.level)})`.replace(
      '  ',
      ' ',
    );
  }
  return '-';
}

/** Rows grouped by candidate, in the table's order. */
export function byCandidate(t: VerdictTable): { candidate: string; rows: VerdictRow[] }[] {
  const out: { candidate: string; rows: VerdictRow[] }[] = [];
  for (const r of t.rows) {
    const g = out.find((x) => x.candidate === r.candidate);
    if (g) g.rows.push(r);
    else out.push({ candidate: r.candidate, rows: [r] });
  }
  return out;
}

/** "2 worse, 1 better, 3 no significant difference, 1 inconclusive". */
export function verdictTally(rows: readonly VerdictRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v =
      r.comparison.verdict === 'no-significant-difference'
        ? 'no significant difference'
        : r.comparison.verdict;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const order = ['worse', 'better', 'different', 'no significant difference', 'inconclusive'];
  return order
    .filter((v) => counts.has(v))
    .map((v) => `${counts.get(v)} ${v}`)
    .join(', ');
}

/** The method in one sentence, under every verdict table. */
export function verdictMethod(t: VerdictTable): string {
  const family =
    t.family === 0
      ? 'no test here can decide at these repetitions'
      : `false-discovery rate held at ${t.alpha * 100}% over the ${t.family} tests that can decide`;
  return (
    `Headline metric of each measurement, candidate against ${t.baseline}: exact rank-sum test of the repetitions; ` +
    `${family}; ` +
    `"inconclusive: needs N" means N repetitions per side could decide; ${t.schedule}. See docs/statistics.md.`
  );
}

/** The verdict table for a terminal: one block per candidate. `clean` removes control characters. */
export function verdictTerminal(
  t: VerdictTable,
  clean: (s: string) => string,
  paint: (verdict: string, s: string) => string,
): string {
  const out: string[] = ['VERDICTS'];
  for (const g of byCandidate(t)) {
    out.push('', `${clean(g.candidate)} vs ${clean(t.baseline)} (baseline): ${verdictTally(g.rows)}`);
    const rows = g.rows.map((r) => verdictCells(r).map(clean));
    const text = formatTable([...VERDICT_HEADER], rows, new Set([3, 4, 5])).split('\n');
    out.push(text[0]!, text[1]!);
    g.rows.forEach((r, i) => out.push(paintVerdict(text[i + 2]!, rows[i]!, r.comparison.verdict, paint)));
  }
  out.push('', verdictMethod(t));
  return out.join('\n');
}

function paintVerdict(
  line: string,
  cells: readonly string[],
  verdict: string,
  paint: (v: string, s: string) => string,
): string {
  const word = cells[7]!;
  const at = line.lastIndexOf(word);
  return at === -1 ? line : `${line.slice(0, at)}${paint(verdict, word)}${line.slice(at + word.length)}`;
}

/** The verdict table in Markdown, like the articles' "X vs Y, improvement %" tables. */
export function verdictMarkdown(t: VerdictTable, escape: (s: string) => string): string {
  const out: string[] = ['## Verdicts', ''];
  for (const g of byCandidate(t)) {
    out.push(`### ${escape(g.candidate)} vs ${escape(t.baseline)} (baseline): ${verdictTally(g.rows)}`, '');
    out.push(
      `| ${VERDICT_HEADER.join(' | ')} |`,
      `|${VERDICT_HEADER.map((_, i) => (i >= 3 && i <= 6 ? ' ---: ' : ' --- ')).join('|')}|`,
    );
    for (const r of g.rows) {
      const cells = verdictCells(r).map(escape);
      if (r.comparison.verdict === 'better' || r.comparison.verdict === 'worse')
        cells[7] = `**${cells[7]!}**`;
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  out.push(escape(verdictMethod(t)), '');
  return out.join('\n');
}

/** The verdict table as an HTML section, everything escaped. */
export function verdictHtml(t: VerdictTable): string {
  const parts = ['<section id="verdicts"><h2>Verdicts</h2>'];
  for (const g of byCandidate(t)) {
    parts.push(`<h3>${esc(g.candidate)} vs ${esc(t.baseline)} (baseline): ${esc(verdictTally(g.rows))}</h3>`);
    const rows = g.rows.map((r) => {
      const cells = verdictCells(r).map(esc);
      cells[7] = `<span class="verdict ${esc(r.comparison.verdict)}">${cells[7]!}</span>`;
      return cells;
    });
    parts.push(table(VERDICT_HEADER.map(esc), rows, 'verdicts'));
  }
  parts.push(`<p class="note">${esc(verdictMethod(t))}</p></section>`);
  return parts.join('\n');
}
