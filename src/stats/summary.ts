import { libraryMetricInfo, type MetricInfo } from '../model/metrics.js';
import type { RepetitionValues } from '../model/summary.js';
import type { Summary } from '../model/summary.js';
import { BOOTSTRAP_MIN_N, bootstrapMedianCi, type Interval } from './bootstrap.js';
import { medianCi } from './median-ci.js';
import { tukeyOutliers } from './outliers.js';
import { mergeSamples, percentileMetrics, percentileOf } from './percentiles.js';
import { seedOf } from './prng.js';
import { quantile } from './quantile.js';

/** A confidence interval of the median and how it was computed (see docs/statistics.md). */
export function medianInterval(
  sorted: readonly number[],
  seed: string,
): Interval & { method: 'bootstrap' | 'order-statistic' } {
  if (sorted.length >= BOOTSTRAP_MIN_N) {
    return { ...bootstrapMedianCi(sorted, seedOf(seed)), method: 'bootstrap' };
  }
  return { ...medianCi(sorted), method: 'order-statistic' };
}

/**
 * Median, quartiles, range, outliers and a confidence interval of the median for one metric's
 * repetitions. The interval is a seeded percentile bootstrap (2000 resamples) from 10 values
 * on, the distribution-free order-statistic interval below that; `ci_method` says which.
 */
export function summarize(
  metric: string,
  values: readonly number[],
  seed: string = metric,
  info: MetricInfo = libraryMetricInfo(metric),
): Summary | undefined {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const ci = medianInterval(xs, seed);
  return {
    metric,
    unit: info.unit,
    better: info.better,
    n: xs.length,
    median: quantile(xs, 0.5),
    min: xs[0]!,
    max: xs[xs.length - 1]!,
    q1: quantile(xs, 0.25),
    q3: quantile(xs, 0.75),
    ci_low: ci.low,
    ci_high: ci.high,
    ci_level: ci.level,
    ci_method: ci.method,
    source: 'repetitions',
    outliers: tukeyOutliers(xs),
  };
}

/**
 * The summaries of one measurement's repetitions (failed ones left out). Percentile metrics
 * whose raw samples the repetitions carry (e.g. `latency_p99_us` from `samples.latency_us`)
 * take their figure from the merged samples of all repetitions; their spread and interval
 * still come from the per-repetition values, the independent unit.
 */
export function summarizeRepetitions(
  repetitions: readonly RepetitionValues[],
  seed = '',
  infoOf: (metric: string) => MetricInfo = libraryMetricInfo,
): Summary[] {
  const ok = repetitions.filter((r) => r.status === 'ok');
  const names = new Set<string>();
  for (const r of ok) for (const name of Object.keys(r.metrics)) names.add(name);
  for (const r of ok)
    for (const key of Object.keys(r.samples ?? {}))
      for (const p of percentileMetrics(key)) names.add(p.metric);
  const out: Summary[] = [];
  for (const metric of names) {
    const pct = percentileOf(metric);
    const merged = pct === undefined ? [] : mergeSamples(ok, pct.sampleKey);
    const perRep = ok.map((r) => repetitionValue(r, metric, pct?.sampleKey, pct?.q));
    const s = summarize(
      metric,
      perRep.filter((v): v is number => v !== undefined),
      `${seed}/${metric}`,
      infoOf(metric),
    );
    if (s === undefined) continue;
    if (pct !== undefined && merged.length > 0) {
      out.push({ ...s, median: quantile(merged, pct.q), source: 'merged-samples', samples: merged.length });
    } else {
      out.push(s);
    }
  }
  return out;
}

/** A repetition's own value of a metric: the tool's figure, else the percentile of its raw samples. */
function repetitionValue(
  rep: Pick<RepetitionValues, 'metrics' | 'samples'>,
  metric: string,
  sampleKey: string | undefined,
  q: number | undefined,
): number | undefined {
  const own = rep.metrics[metric];
  if (own !== undefined) return own;
  const samples = sampleKey === undefined ? undefined : rep.samples?.[sampleKey];
  if (samples === undefined || samples.length === 0 || q === undefined) return undefined;
  return quantile(
    [...samples].sort((a, b) => a - b),
    q,
  );
}

/**
 * Replaces (or adds) the summaries of percentile metrics whose raw samples the repetitions
 * carry with figures from the merged samples; other summaries pass through unchanged.
 */
export function withMergedPercentiles(
  summaries: readonly Summary[],
  repetitions: readonly RepetitionValues[],
  infoOf: (metric: string) => MetricInfo = libraryMetricInfo,
): Summary[] {
  const merged = summarizeRepetitions(repetitions, '', infoOf).filter((s) => s.source === 'merged-samples');
  if (merged.length === 0) return [...summaries];
  const replaced = summaries.map((s) => merged.find((m) => m.metric === s.metric) ?? s);
  return [...replaced, ...merged.filter((m) => !summaries.some((s) => s.metric === m.metric))];
}
