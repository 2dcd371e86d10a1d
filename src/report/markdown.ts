import { metricInfo } from '../measure/registry.js';
import type { ResultDocument } from '../results/schema.js';
import { fmtNum } from '../util/table.js';
import { markdownText } from '../util/escape.js';
import type { Summary } from '../model/summary.js';
import { figureRows } from './rows.js';
import { controlFalseDiscoveries, testMetric } from '../compare/metric.js';
import { metricValues, fmt, signed } from '../compare/compare.js';
import type { MeasurementResult } from '../results/schema.js';
import type { MetricComparison } from '../compare/types.js';
import { verdictLabel, type Unjudged } from '../compare/verdict.js';
import { bottleneckNotes, groupNotes } from '../analysis/bottleneck.js';
import { verdictTable } from '../compare/verdict-table.js';
import { skipLines } from './skips.js';
import { verdictMarkdown } from './verdicts.js';

const escapeMd = markdownText;

/**
 * A "vs" cell: the candidate's relative change of the metric ((cand/base - 1) * 100, as compare
 * prints it; the difference where the baseline median is 0) and the verdict in words.
 */
export function vsCell(m: MetricComparison): string {
  const change = m.relPct === null ? `${m.diff >= 0 ? '+' : ''}${fmt(m.diff)}` : `${signed(m.relPct)}%`;
  return `${change} (${verdictLabel(m, true)})`;
}

/**
 * A summary table like the articles': one row per test and metric, one column per scenario
 * (median and range), and, with two or more scenarios, the change of each against the first.
 */
export function renderMarkdown(docs: readonly ResultDocument[]): string {
  const rows = figureRows(docs).filter((r) => r.summary.metric !== 'path_mtu');
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  // One pass to group the figures by test and metric (keys are JSON: names may hold any character).
  const byKey = new Map<
    string,
    { test: [string, string, string, string]; byScenario: Map<string, Summary> }
  >();
  for (const r of rows) {
    const key = JSON.stringify([r.placement, r.measurement, r.variant, r.summary.metric]);
    const entry = byKey.get(key) ?? {
      test: [r.placement, r.measurement, r.variant, r.summary.metric] as [string, string, string, string],
      byScenario: new Map<string, Summary>(),
    };
    if (!entry.byScenario.has(r.scenario)) entry.byScenario.set(r.scenario, r.summary);
    byKey.set(key, entry);
  }
  const results = new Map<string, MeasurementResult>();
  const resultKey = (scenario: string, placement: string, measurement: string, variant: string): string =>
    JSON.stringify([scenario, placement, measurement, variant]);
  for (const d of docs)
    for (const r of d.results) results.set(resultKey(r.scenario, r.placement, r.measurement, r.variant), r);
  const valuesOf = (scenario: string, test: readonly string[], metric: string): number[] =>
    metricValues(results.get(resultKey(scenario, test[0]!, test[1]!, test[2]!))?.repetitions ?? [], metric);
  const base = scenarios[0];
  const header = [
    'Test',
    'Metric',
    ...scenarios.map(escapeMd),
    ...scenarios.slice(1).map((s) => `${escapeMd(s)} vs ${escapeMd(base ?? '')}`),
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  // Every "vs" cell is tested first, so that the false-discovery rate covers them all.
  const tested: Unjudged[] = [];
  const cellOf = new Map<string, number>();
  for (const [key, { test, byScenario }] of byKey) {
    const [placement, measurement, variant, metric] = test;
    const baseSum = base === undefined ? undefined : byScenario.get(base);
    for (const s of scenarios.slice(1)) {
      const sum = byScenario.get(s);
      if (base === undefined || baseSum === undefined || sum === undefined) continue;
      cellOf.set(JSON.stringify([key, s]), tested.length);
      tested.push(
        testMetric({
          placement,
          measurement,
          variant,
          baseline: baseSum,
          candidate: sum,
          baselineValues: valuesOf(base, test, metric),
          candidateValues: valuesOf(s, test, metric),
        }),
      );
    }
  }
  const judged = controlFalseDiscoveries(tested);
  for (const [key, { test, byScenario }] of byKey) {
    const [placement, measurement, variant, metric] = test;
    const info = metricInfo(metric);
    const cells = scenarios.map((s) => {
      const sum = byScenario.get(s);
      return sum
        ? `${fmtNum(sum.median)}${info.unit === 'count' ? '' : ` ${escapeMd(info.unit)}`}${sum.n > 1 ? ` (${fmtNum(sum.min)}-${fmtNum(sum.max)})` : ''}`
        : '-';
    });
    const rel = scenarios.slice(1).map((s) => {
      const at = cellOf.get(JSON.stringify([key, s]));
      const m = at === undefined ? undefined : judged[at];
      return m === undefined ? '-' : vsCell(m);
    });
    lines.push(
      `| ${escapeMd(`${placement} ${measurement} ${variant}`)} | ${escapeMd(info.label)} | ${[...cells, ...rel].join(' | ')} |`,
    );
  }
  const docsLine = docs
    .map((d) => `run \`${d.run.id}\` (${d.run.target}, suite ${d.run.suite}, ${d.run.startedAt})`)
    .join('; ');
  const verdicts = verdictTable(docs);
  const top = verdicts === undefined ? '' : `${verdictMarkdown(verdicts, escapeMd)}\n## All figures\n\n`;
  return `${top}${lines.join('\n')}\n\nMedians of the repetitions, range in parentheses. "vs" columns: the change of the median against the first scenario ((candidate / baseline - 1) x 100; the difference where the baseline is 0), with the verdict in words: exact rank-sum test of the repetitions, false-discovery rate 5% over all "vs" cells (n.s.: no significant difference; inconclusive: needs N repetitions per side). Source: ${escapeMd(docsLine)}.\n${bottleneckLines(docs)}${skippedLines(docs)}`;
}

/**
 * Bottleneck notes (link-, CPU-, sender-, loss-bound) under the table: one banner for a kind that
 * holds for every figure of a measurement, one line per other qualified figure.
 */
function bottleneckLines(docs: readonly ResultDocument[]): string {
  const { banners, notes } = groupNotes(
    docs,
    docs.flatMap((d) => bottleneckNotes(d)),
  );
  const head = banners.map((b) => `\n**Note:** ${escapeMd(b.message)}.\n`).join('');
  if (notes.length === 0) return head;
  const items = notes.map(
    (n) =>
      `- ${escapeMd(`${n.scenario}, ${n.placement} ${n.measurement} ${n.variant}, ${n.metric}`)}: **${n.kind}**, ${escapeMd(n.message)}`,
  );
  return `${head}\nBottleneck notes (the figure may measure a ceiling, not the CNI):\n\n${items.join('\n')}\n`;
}

/** What could not run, with why; not failures. */
function skippedLines(docs: readonly ResultDocument[]): string {
  const lines = skipLines(docs);
  return lines.length === 0
    ? ''
    : `\nSkipped (not failures):\n\n${lines.map((l) => `- ${escapeMd(l)}`).join('\n')}\n`;
}
