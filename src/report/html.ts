import { metricInfo } from '../measure/registry.js';
import type { ResultDocument } from '../results/schema.js';
import { bottleneckNotes, groupNotes, type BottleneckNote } from '../analysis/bottleneck.js';
import { verdictTable } from '../compare/verdict-table.js';
import { skipLines } from './skips.js';
import { verdictHtml } from './verdicts.js';
import { barChartSpec, lineChartSpec, renderSvg, type BarDatum, type LinePoint } from './chart.js';
import { environmentSection, failuresSection, methodSection, scenarioLabel } from './html-sections.js';
import { allFiguresSection, summarySection } from './html-summary.js';
import { rawSection } from './html-raw.js';
import { meshSection } from './html-mesh.js';
import { esc, jsonForScript, STYLE } from './html-util.js';
import { primaryMetrics } from './rows.js';

interface Chart {
  title: string;
  svg: string;
}

/** Charts drawn per kind: each takes tens of milliseconds, and a page of hundreds helps nobody. */
export const MAX_CHARTS = 48;

/** Bar charts with error bars: one per measurement, variant and primary metric; placements on x, scenarios as bars. */
async function barCharts(docs: readonly ResultDocument[]): Promise<Chart[]> {
  const groups = new Map<
    string,
    { measurement: string; variant: string; metric: string; data: BarDatum[] }
  >();
  for (const doc of docs) {
    for (const r of doc.results) {
      const metrics = primaryMetrics(r.measurement) ?? r.summaries.map((s) => s.metric);
      for (const s of r.summaries) {
        if (!metrics.includes(s.metric)) continue;
        const key = JSON.stringify([r.measurement, r.variant, s.metric]);
        const g = groups.get(key) ?? {
          measurement: r.measurement,
          variant: r.variant,
          metric: s.metric,
          data: [],
        };
        g.data.push({
          group: r.placement,
          series: scenarioLabel(docs, doc, r.scenario),
          median: s.median,
          low: s.ci_low,
          high: s.ci_high,
          n: s.n,
        });
        groups.set(key, g);
      }
    }
  }
  const charts: Chart[] = [];
  for (const g of [...groups.values()].slice(0, MAX_CHARTS)) {
    // a chart of zeros only (no loss anywhere, no errors) says nothing a sentence cannot
    if (g.data.every((d) => d.median === 0 && d.high === 0)) continue;
    const info = metricInfo(g.metric);
    const title = `${g.measurement} ${g.variant}: ${info.label}`;
    const y = info.unit === '' ? info.label : `${info.label} (${info.unit})`;
    charts.push({ title, svg: await renderSvg(barChartSpec(title, y, g.data)) });
  }
  return charts;
}

/** Per-interval lines, one chart per measurement result with series, one line per repetition. */
async function seriesCharts(docs: readonly ResultDocument[]): Promise<Chart[]> {
  const charts: Chart[] = [];
  for (const doc of docs) {
    for (const r of doc.results) {
      const byMetric = new Map<string, { unit: string; points: LinePoint[] }>();
      for (const rep of r.repetitions) {
        for (const s of rep.series) {
          const entry = byMetric.get(s.metric) ?? { unit: s.unit, points: [] };
          for (const [t, value] of s.points) entry.points.push({ line: `rep ${rep.index}`, t, value });
          byMetric.set(s.metric, entry);
        }
      }
      for (const [metric, { unit, points }] of byMetric) {
        if (charts.length >= MAX_CHARTS) return charts;
        const title = `${scenarioLabel(docs, doc, r.scenario)} · ${r.placement} · ${r.measurement} ${r.variant}`;
        charts.push({
          title,
          svg: await renderSvg(lineChartSpec(title, `${metricInfo(metric).label} (${unit})`, points)),
        });
      }
    }
  }
  return charts;
}

function chartGrid(charts: readonly Chart[]): string {
  if (charts.length === 0) return '<p class="muted">nothing to plot</p>';
  const cut =
    charts.length >= MAX_CHARTS
      ? `<p class="muted">The first ${MAX_CHARTS} charts; every figure is in the tables below.</p>\n`
      : '';
  return `${cut}<div class="charts">\n${charts.map((c) => `<figure class="chart" aria-label="${esc(c.title)}">${c.svg}</figure>`).join('\n')}\n</div>`;
}

/**
 * A self-contained HTML report of one or more result documents: summary with bottleneck notes,
 * bar charts with error bars, per-interval throughput, failures, environment, method and every
 * repetition's raw data, plus the documents themselves as embedded JSON. Charts are SVG drawn
 * at report time; the page runs no script and loads nothing. Every string from the results is
 * escaped.
 */
export async function renderHtml(docs: readonly ResultDocument[]): Promise<string> {
  const grouped = groupNotes(
    docs,
    docs.flatMap((d) => bottleneckNotes(d)),
  );
  const kept = new Set(grouped.notes);
  const notes = new Map<ResultDocument, BottleneckNote[]>(
    docs.map((d) => [d, bottleneckNotes(d).filter((n) => [...kept].some((k) => sameNote(k, n)))]),
  );
  const verdicts = verdictTable(docs);
  const [bars, lines] = [await barCharts(docs), await seriesCharts(docs)];
  const runs = docs.map((d) => d.run.id).join(', ');
  const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cnibench report: ${esc(runs)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>cnibench report</h1>
<p>${docs.map((d) => `Run <b>${esc(d.run.id)}</b>: ${esc(d.run.target)}, suite ${esc(d.run.suite)}, ${esc(d.run.startedAt)}, ${esc(d.run.status)}`).join('<br>')}</p>
<p>${verdicts === undefined ? '' : '<a href="#verdicts">Verdicts</a> &middot; '}<a href="#charts">Charts</a> &middot; <a href="#summary">Summary</a> &middot; <a href="#series">Per-interval throughput</a> &middot; <a href="#figures">All figures</a> &middot; <a href="#environment">Environment</a> &middot; <a href="#method">Method</a> &middot; <a href="#raw">Raw data</a></p>
${verdicts === undefined ? '' : verdictHtml(verdicts)}
${grouped.banners.map((b) => `<p class="note"><b>Note:</b> ${esc(b.message)}.</p>`).join('\n')}
<h2 id="charts">Charts</h2>
<p class="muted">Bars: medians. Error bars: the confidence interval of each median (its level under <a href="#figures">All figures</a>).</p>
${chartGrid(bars)}
${summarySection(docs, notes)}
${meshSection(docs)}
${failuresSection(docs)}
${skippedSection(docs)}
<h2 id="series">Per-interval throughput</h2>
${chartGrid(lines)}
${allFiguresSection(docs, notes)}
${environmentSection(docs)}
${methodSection(docs)}
${rawSection(docs)}
<script type="application/json" id="cnibench-results">${jsonForScript(docs)}</script>
</body>
</html>
`;
}

function sameNote(a: BottleneckNote, b: BottleneckNote): boolean {
  return (
    a.scenario === b.scenario &&
    a.placement === b.placement &&
    a.measurement === b.measurement &&
    a.variant === b.variant &&
    a.metric === b.metric &&
    a.kind === b.kind &&
    a.message === b.message
  );
}

/** What could not run and why (not failures). */
function skippedSection(docs: readonly ResultDocument[]): string {
  const lines = skipLines(docs);
  if (lines.length === 0) return '';
  return `<h2 id="skipped">Skipped</h2>\n<p class="muted">Not failures: what these scenarios cannot do, and why.</p>\n<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`;
}
