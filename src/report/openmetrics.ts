import type { Summary } from '../model/summary.js';
import type { ResultDocument } from '../results/schema.js';
import { figureRows } from './rows.js';

/**
 * Prometheus text exposition (format 0.0.4, ending with OpenMetrics' `# EOF`, a comment to
 * older parsers): every summary figure as gauges, one family per statistic, labelled
 * run, target, scenario, placement, measurement, variant, metric and unit. No timestamps:
 * a Pushgateway refuses them and Prometheus stamps the scrape. docs/sinks.md has the series.
 */

/** The figure families: statistic of the summary, family name, help. */
export const FIGURE_FAMILIES: readonly { stat: keyof Summary; name: string; help: string }[] = [
  {
    stat: 'median',
    name: 'cnibench_result_median',
    help: 'median of the repetitions, in the unit of the unit label',
  },
  { stat: 'min', name: 'cnibench_result_min', help: 'smallest repetition' },
  { stat: 'max', name: 'cnibench_result_max', help: 'largest repetition' },
  { stat: 'q1', name: 'cnibench_result_q1', help: 'first quartile of the repetitions' },
  { stat: 'q3', name: 'cnibench_result_q3', help: 'third quartile of the repetitions' },
  {
    stat: 'ci_low',
    name: 'cnibench_result_ci_low',
    help: 'lower end of the confidence interval of the median',
  },
  {
    stat: 'ci_high',
    name: 'cnibench_result_ci_high',
    help: 'upper end of the confidence interval of the median',
  },
  {
    stat: 'ci_level',
    name: 'cnibench_result_ci_level',
    help: 'confidence level the interval reaches (0 to 1)',
  },
  { stat: 'n', name: 'cnibench_result_repetitions', help: 'successful repetitions behind the figure' },
];

/** The run families, labelled run and target. */
export const RUN_FAMILIES = {
  info: {
    name: 'cnibench_run_info',
    help: 'a run: its suite, status, cnibench version and provenance; value 1',
  },
  start: {
    name: 'cnibench_run_start_timestamp_seconds',
    help: 'when the run started, in seconds since 1970',
  },
  failures: { name: 'cnibench_run_failures', help: 'failed measurements and set-ups of the run' },
} as const;

type Labels = readonly (readonly [string, string])[];

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function sample(name: string, labels: Labels, value: number): string {
  const text = labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
  return `${name}{${text}} ${numberText(value)}`;
}

export function numberText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function family(name: string, help: string, samples: readonly string[]): string[] {
  return samples.length === 0 ? [] : [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples];
}

function runFamilies(docs: readonly ResultDocument[]): string[] {
  const seen = new Set<string>();
  const unique = docs.filter((d) => !seen.has(d.run.id) && seen.add(d.run.id));
  const id = (d: ResultDocument): Labels => [
    ['run', d.run.id],
    ['target', d.run.target],
  ];
  const info = unique.map((d) =>
    sample(
      RUN_FAMILIES.info.name,
      [
        ...id(d),
        ['suite', d.run.suite],
        ['status', d.run.status],
        ['version', d.tool.version],
        ['provenance', d.run.provenance === undefined ? 'measured' : `imported:${d.run.provenance.source}`],
      ],
      1,
    ),
  );
  const start = unique.map((d) => sample(RUN_FAMILIES.start.name, id(d), Date.parse(d.run.startedAt) / 1000));
  const failures = unique.map((d) => sample(RUN_FAMILIES.failures.name, id(d), d.failures.length));
  return [
    ...family(RUN_FAMILIES.info.name, RUN_FAMILIES.info.help, info),
    ...family(RUN_FAMILIES.start.name, RUN_FAMILIES.start.help, start),
    ...family(RUN_FAMILIES.failures.name, RUN_FAMILIES.failures.help, failures),
  ];
}

export function renderOpenMetrics(docs: readonly ResultDocument[]): string {
  const rows = figureRows(docs);
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    const key = JSON.stringify([r.run, r.scenario, r.placement, r.measurement, r.variant, r.summary.metric]);
    return !seen.has(key) && seen.add(key);
  });
  const lines: string[] = [];
  for (const f of FIGURE_FAMILIES) {
    const samples = unique.map((r) => {
      const labels: Labels = [
        ['run', r.run],
        ['target', r.target],
        ['scenario', r.scenario],
        ['placement', r.placement],
        ['measurement', r.measurement],
        ['variant', r.variant],
        ['metric', r.summary.metric],
        ['unit', r.summary.unit],
      ];
      const v = r.summary[f.stat];
      return sample(f.name, labels, typeof v === 'number' ? v : Number.NaN);
    });
    lines.push(...family(f.name, f.help, samples));
  }
  lines.push(...runFamilies(docs), '# EOF');
  return `${lines.join('\n')}\n`;
}
