import { compareMetric, type MetricInput } from '../../../src/compare/metric.js';
import type { MetricComparison } from '../../../src/compare/types.js';
import type { Better } from '../../../src/model/metrics.js';
import { randomIndex, type Rng } from '../../../src/stats/prng.js';
import type { Summary } from '../../../src/model/summary.js';
import { median } from '../../../src/stats/bootstrap.js';
import { fixture } from '../../helpers/paths.js';

/** One metric of one measurement of a real lab run: its per-repetition values, in measured order. */
export interface Series {
  id: string;
  unit: string;
  better: Better;
  values: number[];
}

/** The calibration fixtures (see test/fixtures/calibration/README.md). */
export function loadSeries(): Series[] {
  return ['lab-quick.json', 'lab-latency.json'].flatMap(
    (f) => (JSON.parse(fixture('calibration', f)) as { series: Series[] }).series,
  );
}

export const metricOf = (s: Series): string => s.id.split('/').pop()!;

/** The figure a comparison is usually about: throughput, else the median latency. */
export const isHeadline = (s: Series): boolean =>
  ['throughput_gbps', 'latency_p50_us'].includes(metricOf(s)) && s.values.every((v) => v > 0);

/** n values drawn with replacement from the series: a new run from the same distribution. */
export function draw(s: Series, n: number, rng: Rng, scale = 1): number[] {
  return Array.from({ length: n }, () => s.values[randomIndex(rng, s.values.length)]! * scale);
}

/** Standard deviation of the logarithms: the relative noise of a series. */
export function logSd(s: Series): number {
  const logs = s.values.map(Math.log);
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  return Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / (logs.length - 1));
}

/**
 * The parts of a summary a comparison reads (metric, direction, n, median); the result
 * document's bootstrap interval of the median is not needed here and would cost 2000 resamples.
 */
export function quickSummary(s: Series, values: readonly number[]): Summary {
  const m = median(values);
  return {
    metric: metricOf(s),
    unit: s.unit,
    better: s.better,
    n: values.length,
    median: m,
    min: Math.min(...values),
    max: Math.max(...values),
    q1: m,
    q3: m,
    ci_low: m,
    ci_high: m,
    ci_level: 0,
  };
}

/** compare's verdict for two samples of one series' metric (a family of one). */
export function verdictOf(s: Series, base: number[], cand: number[]): MetricComparison {
  return compareMetric(metricInput(s, base, cand));
}

export function metricInput(s: Series, base: number[], cand: number[]): MetricInput {
  return {
    placement: 'p',
    measurement: s.id,
    variant: 'v',
    baseline: quickSummary(s, base),
    candidate: quickSummary(s, cand),
    baselineValues: base,
    candidateValues: cand,
  };
}

/** "4.2% (84 of 2000)". */
export function rate(hits: number, trials: number): string {
  return `${((100 * hits) / trials).toFixed(1)}% (${hits} of ${trials})`;
}
