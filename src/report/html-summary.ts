import { metricInfo } from '../measure/registry.js';
import type { ResultDocument } from '../results/schema.js';
import type { Summary } from '../model/summary.js';
import type { BottleneckNote } from '../analysis/bottleneck.js';
import { scenarioLabel } from './html-sections.js';
import { esc, num, table } from './html-util.js';
import { figureRows, primaryMetrics } from './rows.js';

interface Figure {
  scenario: string;
  key: string;
  placement: string;
  test: string;
  summary: Summary;
  notes: BottleneckNote[];
}

function figures(
  docs: readonly ResultDocument[],
  notes: ReadonlyMap<ResultDocument, BottleneckNote[]>,
): Figure[] {
  return docs.flatMap((doc) =>
    figureRows([doc]).map((f) => ({
      scenario: scenarioLabel(docs, doc, f.scenario),
      key: JSON.stringify([f.measurement, f.variant, f.placement, f.summary.metric]),
      placement: f.placement,
      test: `${f.measurement} ${f.variant}`,
      summary: f.summary,
      notes: (notes.get(doc) ?? []).filter(
        (b) =>
          b.scenario === f.scenario &&
          b.placement === f.placement &&
          b.measurement === f.measurement &&
          b.variant === f.variant &&
          b.metric === f.summary.metric,
      ),
    })),
  );
}

function remarks(f: Figure): string[] {
  const s = f.summary;
  return [
    ...f.notes.map((b) => `<span class="note">${esc(b.kind)}: ${esc(b.message)}</span>`),
    ...(s.outliers !== undefined && s.outliers.length > 0
      ? [`outliers: ${esc(s.outliers.map(num).join(', '))}`]
      : []),
    ...(s.source === 'merged-samples' ? [`from ${esc(s.samples ?? 0)} merged samples`] : []),
  ];
}

/**
 * The articles' kind of table: one row per test, placement and primary metric, one column per
 * scenario, each cell the median with its CI and n, bottleneck notes beside the figure.
 */
export function summarySection(
  docs: readonly ResultDocument[],
  notes: ReadonlyMap<ResultDocument, BottleneckNote[]>,
): string {
  const all = figures(docs, notes).filter((f) =>
    (primaryMetrics(f.test.split(' ')[0]!) ?? [f.summary.metric]).includes(f.summary.metric),
  );
  const scenarios = [...new Set(all.map((f) => f.scenario))];
  const keys = [...new Set(all.map((f) => f.key))];
  const rows = keys.map((key) => {
    const row = all.filter((f) => f.key === key);
    const first = row[0]!;
    const info = metricInfo(first.summary.metric);
    const cells = scenarios.map((sc) => {
      const f = row.find((x) => x.scenario === sc);
      if (f === undefined) return '<span class="muted">-</span>';
      const s = f.summary;
      const ci = `${num(s.ci_low)}&ndash;${num(s.ci_high)}`;
      const extra = remarks(f);
      return `<b>${esc(num(s.median))}</b> <span class="muted">[${ci}] n=${esc(s.n)}</span>${extra.length > 0 ? `<br>${extra.join('<br>')}` : ''}`;
    });
    return [
      esc(first.test),
      esc(first.placement),
      esc(info.unit === '' ? info.label : `${info.label} (${info.unit})`),
      ...cells,
    ];
  });
  const head = ['test', 'placement', 'metric', ...scenarios].map(esc);
  const body = rows.length === 0 ? '<p class="muted">no results</p>' : table(head, rows, 'summary');
  return `<h2 id="summary">Summary</h2>
<p class="muted">Median of the repetitions, [confidence interval of the median], n successful repetitions. Every figure, with quartiles and the interval's level and method, is under <a href="#figures">All figures</a>.</p>
${body}`;
}

/** Every summary figure, long form, with quartiles and the interval's level and method. */
export function allFiguresSection(
  docs: readonly ResultDocument[],
  notes: ReadonlyMap<ResultDocument, BottleneckNote[]>,
): string {
  const rows = figures(docs, notes).map((f) => {
    const s = f.summary;
    return [
      esc(f.scenario),
      esc(f.placement),
      esc(f.test),
      esc(s.metric),
      esc(s.unit),
      esc(num(s.median)),
      `${esc(num(s.ci_low))}&ndash;${esc(num(s.ci_high))}`,
      esc(`${Math.round(s.ci_level * 100)}% ${s.ci_method ?? ''}`),
      `${esc(num(s.q1))}&ndash;${esc(num(s.q3))}`,
      `${esc(num(s.min))}&ndash;${esc(num(s.max))}`,
      esc(s.n),
      remarks(f).join('<br>'),
    ];
  });
  const head = [
    'scenario',
    'placement',
    'test',
    'metric',
    'unit',
    'median',
    'CI',
    'CI level',
    'quartiles',
    'range',
    'n',
    'notes',
  ].map(esc);
  return `<h2 id="figures">All figures</h2>
<details><summary>${rows.length} figures</summary>
${table(head, rows)}
</details>`;
}
