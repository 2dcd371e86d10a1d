import { mulberry32, randomIndex, type Rng } from './prng.js';
import { quantile } from './quantile.js';

/** Resamples per bootstrap; enough for stable 2.5/97.5 percentiles, cheap enough for every figure. */
export const BOOTSTRAP_RESAMPLES = 2000;

/** Below this many values the percentile bootstrap of a median under-covers; use order statistics. */
export const BOOTSTRAP_MIN_N = 10;

export interface Interval {
  low: number;
  high: number;
  /** Nominal confidence level of the interval. */
  level: number;
}

/** Median of unsorted values (type 7 quantile). */
export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** One resample with replacement of `values`, same size. */
export function resample<T>(values: readonly T[], rng: Rng): T[] {
  const out: T[] = new Array<T>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[randomIndex(rng, values.length)]!;
  return out;
}

/** The bootstrap distribution of `statistic` over `resamples` resamples of `values`, sorted. */
export function bootstrapDistribution<T>(
  values: readonly T[],
  statistic: (sample: readonly T[]) => number,
  seed: number,
  resamples = BOOTSTRAP_RESAMPLES,
): number[] {
  const rng = mulberry32(seed);
  const stats: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const s = statistic(resample(values, rng));
    if (Number.isFinite(s)) stats.push(s);
  }
  return stats.sort((a, b) => a - b);
}

/** Percentile interval of a sorted bootstrap distribution. */
export function percentileInterval(sortedStats: readonly number[], level = 0.95): Interval {
  const alpha = (1 - level) / 2;
  return { low: quantile(sortedStats, alpha), high: quantile(sortedStats, 1 - alpha), level };
}

/** Percentile-bootstrap confidence interval of the median of `values`. */
export function bootstrapMedianCi(values: readonly number[], seed: number, level = 0.95): Interval {
  return percentileInterval(bootstrapDistribution(values, median, seed), level);
}

/**
 * Percentile-bootstrap interval of `combine(median(baseline), median(candidate))`, resampling
 * each side's repetitions independently; resamples where `combine` is not finite are dropped,
 * and if more than 2.5% of them are, there is no interval.
 */
export function bootstrapTwoSampleCi(
  baseline: readonly number[],
  candidate: readonly number[],
  combine: (base: number, cand: number) => number,
  seed: number,
  level = 0.95,
  resamples = BOOTSTRAP_RESAMPLES,
): Interval | undefined {
  const rng = mulberry32(seed);
  const stats: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const s = combine(median(resample(baseline, rng)), median(resample(candidate, rng)));
    if (Number.isFinite(s)) stats.push(s);
  }
  if (stats.length < resamples * (1 - (1 - level) / 2)) return undefined;
  return percentileInterval(
    stats.sort((a, b) => a - b),
    level,
  );
}

/** Bootstrap interval of median(candidate) / median(baseline); none when baseline medians are 0. */
export function bootstrapRatioCi(
  baseline: readonly number[],
  candidate: readonly number[],
  seed: number,
  level = 0.95,
): Interval | undefined {
  return bootstrapTwoSampleCi(baseline, candidate, (b, c) => (b === 0 ? Number.NaN : c / b), seed, level);
}

/** Bootstrap interval of median(candidate) - median(baseline). */
export function bootstrapDiffCi(
  baseline: readonly number[],
  candidate: readonly number[],
  seed: number,
  level = 0.95,
): Interval | undefined {
  return bootstrapTwoSampleCi(baseline, candidate, (b, c) => c - b, seed, level);
}
