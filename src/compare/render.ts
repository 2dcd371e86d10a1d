import { noiseSentence } from '../stats/fdr.js';
import { csvCell, markdownText, terminalText } from '../util/escape.js';
import { fmt, signed } from './compare.js';
import type { Comparison, MetricComparison, Regression, Verdict } from './types.js';
import { fmtP, levelText, verdictLabel } from './verdict.js';

export const COMPARE_FORMATS = ['terminal', 'md', 'json', 'csv'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

const VERDICT_TEXT: Record<Verdict, string> = {
  better: 'better',
  worse: 'worse',
  'no-significant-difference': 'no significant difference',
  different: 'different',
  inconclusive: 'inconclusive',
};

/** The interval of the ratio (else of the difference), with its level when it falls short of 95%. */
function ciText(m: MetricComparison): string {
  const level = (l: number): string => (l < 0.95 - 1e-9 ? ` (${levelText(l)})` : '');
  if (m.ratioCi !== null)
    return `${m.ratioCi.low.toFixed(3)}..${m.ratioCi.high.toFixed(3)}${level(m.ratioCi.level)}`;
  if (m.diffCi !== null) return `diff ${fmt(m.diffCi.low)}..${fmt(m.diffCi.high)}${level(m.diffCi.level)}`;
  return '-';
}

const HEADER = [
  'placement',
  'measurement',
  'variant',
  'metric',
  'baseline',
  'candidate',
  'diff',
  'change',
  '95% CI of ratio',
  'p',
  'q',
  'verdict',
];

function cells(m: MetricComparison): string[] {
  return [
    m.placement,
    m.measurement,
    m.variant,
    m.unit === '' ? m.metric : `${m.metric} (${m.unit})`,
    `${fmt(m.baseline.median)} (n=${m.baseline.n})`,
    `${fmt(m.candidate.median)} (n=${m.candidate.n})`,
    `${m.diff >= 0 ? '+' : ''}${fmt(m.diff)}`,
    m.relPct === null ? '-' : `${signed(m.relPct)}%`,
    ciText(m),
    fmtP(m.pValue),
    fmtP(m.qValue),
    verdictLabel(m),
  ];
}

/** "2 worse, 1 better, 5 no significant difference": the verdicts of one pair, most important first. */
function tally(metrics: readonly MetricComparison[]): string {
  const order: Verdict[] = ['worse', 'better', 'different', 'no-significant-difference', 'inconclusive'];
  const parts = order
    .map((v) => [metrics.filter((m) => m.verdict === v).length, VERDICT_TEXT[v]] as const)
    .filter(([n]) => n > 0)
    .map(([n, text]) => `${n} ${text}`);
  return `verdicts: ${parts.join(', ')}`;
}

/** Renders a comparison; `color` only applies to the terminal format. */
export function renderComparison(c: Comparison, format: CompareFormat, color = false): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(c, null, 2)}\n`;
    case 'csv':
      return renderCsv(c);
    case 'md':
      return renderMarkdown(c);
    case 'terminal':
      return renderTerminal(c, color);
  }
}

function renderTerminal(c: Comparison, color: boolean): string {
  const paint = (v: Verdict, text: string): string => {
    if (!color) return text;
    const code = v === 'better' ? 32 : v === 'worse' ? 31 : v === 'different' ? 33 : 2;
    return `\u001b[${code}m${text}\u001b[0m`;
  };
  const out: string[] = [];
  for (const pair of c.pairs) {
    out.push(`${stripControl(pair.candidate)} vs ${stripControl(pair.baseline)} (baseline)`);
    const rows = pair.metrics.map((m) => cells(m).map(stripControl));
    const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]): string =>
      r
        .map((x, i) => x.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    out.push(line(HEADER));
    pair.metrics.forEach((m, i) => {
      const r = rows[i]!;
      const text = line(r);
      const last = r[r.length - 1]!;
      out.push(text.slice(0, text.length - last.length) + paint(m.verdict, last));
    });
    if (pair.metrics.length === 0) out.push('(no measurement in common)');
    if (pair.metrics.length > 0) out.push(tally(pair.metrics));
    if (pair.unmatched.length > 0) out.push(`on one side only: ${stripControl(pair.unmatched.join(', '))}`);
    out.push('');
  }
  out.push(methodNote(c), '');
  return out.join('\n');
}

/** Names come from result files, which are untrusted: no terminal escape sequences get through. */
const stripControl = terminalText;

function renderMarkdown(c: Comparison): string {
  const esc = markdownText;
  const out: string[] = [];
  for (const pair of c.pairs) {
    out.push(`### ${esc(pair.candidate)} vs ${esc(pair.baseline)} (baseline)`, '');
    out.push(
      `| ${HEADER.join(' | ')} |`,
      `|${HEADER.map((_, i) => (i >= 4 && i <= 10 ? ' ---: ' : ' --- ')).join('|')}|`,
    );
    for (const m of pair.metrics) {
      const r = cells(m).map(esc);
      if (m.verdict === 'better' || m.verdict === 'worse') r[r.length - 1] = `**${r[r.length - 1]!}**`;
      out.push(`| ${r.join(' | ')} |`);
    }
    if (pair.metrics.length > 0) out.push('', `${tally(pair.metrics)}.`);
    if (pair.unmatched.length > 0) out.push('', `On one side only: ${pair.unmatched.map(esc).join(', ')}`);
    out.push('');
  }
  out.push(`${methodNote(c)}`, '');
  return out.join('\n');
}

/**
 * How the verdicts were reached, and what noise alone would do with this many tests: "Verdicts:
 * exact rank-sum test of the repetitions; ...".
 */
export function methodNote(c: Comparison): string {
  const { tests, alpha } = c.fdr;
  const pct = `${+(alpha * 100).toPrecision(3)}%`;
  const family =
    tests === 0
      ? 'no metric had enough repetitions for the test to reach it'
      : `${noiseSentence(tests, alpha)}, so they are held to a false-discovery rate of ${pct} together (Benjamini-Hochberg q-values)`;
  return `Verdicts: exact rank-sum test of the repetitions, q <= ${alpha}; ${family}. Change: candidate against baseline medians; CI: distribution-free interval of the ratio (see docs/statistics.md).`;
}

const CSV_HEADER = [
  'baseline',
  'candidate',
  'placement',
  'measurement',
  'variant',
  'metric',
  'unit',
  'baseline_n',
  'baseline_median',
  'candidate_n',
  'candidate_median',
  'diff',
  'rel_pct',
  'ratio_ci_low',
  'ratio_ci_high',
  'verdict',
  'p_value',
  'q_value',
  'need_repetitions',
];

function renderCsv(c: Comparison): string {
  const lines = [CSV_HEADER.join(',')];
  for (const pair of c.pairs) {
    for (const m of pair.metrics) {
      const row = [
        pair.baseline,
        pair.candidate,
        m.placement,
        m.measurement,
        m.variant,
        m.metric,
        m.unit,
        m.baseline.n,
        m.baseline.median,
        m.candidate.n,
        m.candidate.median,
        m.diff,
        m.relPct,
        m.ratioCi?.low ?? null,
        m.ratioCi?.high ?? null,
        m.verdict,
        m.pValue,
        m.qValue,
        m.needRepetitions,
      ];
      lines.push(row.map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The lines explaining why `--fail-on-regression` failed. */
export function renderRegressions(found: readonly Regression[], thresholdPct: number): string {
  if (found.length === 0) return `no significant regression beyond ${thresholdPct}%\n`;
  return `${found.length} significant regression(s) beyond ${thresholdPct}%:\n${found.map((r) => `  ${r.message}`).join('\n')}\n`;
}
