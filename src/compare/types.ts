import type { Better } from '../model/metrics.js';
import type { ResultDocument } from '../results/schema.js';

/** A result document and the name it goes by in comparisons (its file name without `.json`). */
export interface LoadedResult {
  label: string;
  file: string;
  doc: ResultDocument;
}

/** One side of a comparison: a scenario of one result document. */
export interface Subject {
  label: string;
  file: string;
  scenario: string;
  doc: ResultDocument;
}

/**
 * `better`/`worse`: the 95% CI of the ratio excludes 1, in that direction for the metric.
 * `different`: significant, for a metric with no better direction (e.g. offered rate).
 * `inconclusive`: too few repetitions (fewer than 3 on a side).
 */
export type Verdict = 'better' | 'worse' | 'no-significant-difference' | 'different' | 'inconclusive';

export interface Side {
  n: number;
  median: number;
  ci_low: number;
  ci_high: number;
  /** Per-repetition values the bootstrap resampled. */
  values: number[];
}

/** One metric of one measurement, candidate against baseline. */
export interface MetricComparison {
  placement: string;
  measurement: string;
  variant: string;
  metric: string;
  unit: string;
  better: Better;
  baseline: Side;
  candidate: Side;
  /** candidate - baseline, in the metric's unit. */
  diff: number;
  /** 100 * (candidate / baseline - 1); null when the baseline median is 0. */
  relPct: number | null;
  ratio: number | null;
  /** Bootstrap 95% CI of median(candidate) / median(baseline), resampling repetitions. */
  ratioCi: { low: number; high: number; level: number } | null;
  /** Bootstrap 95% CI of median(candidate) - median(baseline); decides when the baseline median is 0. */
  diffCi: { low: number; high: number; level: number } | null;
  significant: boolean;
  verdict: Verdict;
  /** Why the verdict is what it is, in words. */
  reason: string;
}

export interface SubjectComparison {
  baseline: string;
  candidate: string;
  metrics: MetricComparison[];
  /** Measurements present on one side only, as `placement/measurement/variant`. */
  unmatched: string[];
}

export interface Comparison {
  baseline: string;
  pairs: SubjectComparison[];
}

/** A significant regression beyond the `--fail-on-regression` threshold. */
export interface Regression {
  baseline: string;
  candidate: string;
  comparison: MetricComparison;
  thresholdPct: number;
  message: string;
}
