import { metricInfo } from '../measure/registry.js';
import type { ResultDocument } from '../results/schema.js';
import type { Summary } from '../model/summary.js';
import { fmtNum } from '../util/table.js';
import { figureRows } from './rows.js';
import { compareMetric } from '../compare/metric.js';
import { metricValues } from '../compare/compare.js';
import type { MeasurementResult } from '../results/schema.js';
import type { Verdict } from '../compare/types.js';

const VERDICT_WORD: Record<Verdict, string> = {
  better: 'better',
  worse: 'worse',
  'no-significant-difference': 'n.s.',
  different: 'different',
  inconclusive: 'too few runs',
};
import { bottleneckNotes } from '../analysis/bottleneck.js';

function escapeMd(s: string): string {
  return s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

/** Relative change of b against a, signed so that positive means better. */
export function improvementPct(a: Summary, b: Summary): number | undefined {
  if (a.median === 0 || a.better === 'none') return undefined;
  const change = ((b.median - a.median) / Math.abs(a.median)) * 100;
  return a.better === 'higher' ? change : -change;
}

/**
 * A summary table like the articles': one row per test and metric, one column per scenario
 * (median and range), and, with two or more scenarios, the improvement of each over the first.
 */
export function renderMarkdown(docs: readonly ResultDocument[]): string {
  const rows = figureRows(docs).filter((r) => r.summary.metric !== 'path_mtu');
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const keyOf = (r: (typeof rows)[number]): string =>
    `${r.placement}|${r.measurement}|${r.variant}|${r.summary.metric}`;
  const keys = [...new Set(rows.map(keyOf))];
  const results = new Map<string, MeasurementResult>();
  for (const d of docs)
    for (const r of d.results) results.set(`${r.scenario}|${r.placement}|${r.measurement}|${r.variant}`, r);
  const valuesOf = (scenario: string, key: string, metric: string): number[] =>
    metricValues(
      results.get(`${scenario}|${key.split('|').slice(0, 3).join('|')}`)?.repetitions ?? [],
      metric,
    );
  const base = scenarios[0];
  const header = [
    'Test',
    'Metric',
    ...scenarios.map(escapeMd),
    ...scenarios.slice(1).map((s) => `${escapeMd(s)} vs ${escapeMd(base ?? '')}`),
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const key of keys) {
    const [placement, measurement, variant, metric] = key.split('|') as [string, string, string, string];
    const byScenario = new Map(rows.filter((r) => keyOf(r) === key).map((r) => [r.scenario, r.summary]));
    const info = metricInfo(metric);
    const cells = scenarios.map((s) => {
      const sum = byScenario.get(s);
      return sum
        ? `${fmtNum(sum.median)}${info.unit === 'count' ? '' : ` ${info.unit}`}${sum.n > 1 ? ` (${fmtNum(sum.min)}-${fmtNum(sum.max)})` : ''}`
        : '-';
    });
    const baseSum = base === undefined ? undefined : byScenario.get(base);
    const rel = scenarios.slice(1).map((s) => {
      const sum = byScenario.get(s);
      const pct = baseSum && sum ? improvementPct(baseSum, sum) : undefined;
      if (pct === undefined || !baseSum || !sum) return '-';
      const { verdict } = compareMetric({
        placement,
        measurement,
        variant,
        baseline: baseSum,
        candidate: sum,
        baselineValues: valuesOf(base!, key, metric),
        candidateValues: valuesOf(s, key, metric),
      });
      return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}% (${VERDICT_WORD[verdict]})`;
    });
    lines.push(
      `| ${escapeMd(`${placement} ${measurement} ${variant}`)} | ${escapeMd(info.label)} | ${[...cells, ...rel].join(' | ')} |`,
    );
  }
  const docsLine = docs
    .map((d) => `run \`${d.run.id}\` (${d.run.target}, suite ${d.run.suite}, ${d.run.startedAt})`)
    .join('; ');
  return `${lines.join('\n')}\n\nMedians of the repetitions, range in parentheses. "vs" columns: change against the first scenario, positive means better, with the verdict of a bootstrap 95% confidence interval (n.s.: no significant difference). Source: ${escapeMd(docsLine)}.\n${bottleneckLines(docs)}`;
}

/** Bottleneck notes (link-, CPU-, loss-bound) under the table, one per qualified figure. */
function bottleneckLines(docs: readonly ResultDocument[]): string {
  const notes = docs.flatMap((d) => bottleneckNotes(d));
  if (notes.length === 0) return '';
  const items = notes.map(
    (n) =>
      `- ${escapeMd(`${n.scenario}, ${n.placement} ${n.measurement} ${n.variant}, ${n.metric}`)}: **${n.kind}**, ${escapeMd(n.message)}`,
  );
  return `\nBottleneck notes (the figure may measure a ceiling, not the CNI):\n\n${items.join('\n')}\n`;
}
