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
 * `better`/`worse`: the rank-sum test is significant after the false-discovery-rate adjustment
 * (q <= 0.05), in that direction for the metric. `different`: significant, for a metric with no
 * better direction (e.g. offered rate). `no-significant-difference`: the test could have
 * reached 5% but did not. `inconclusive`: too few repetitions for the test to reach 5% at all
 * (3 against 3 cannot); `needRepetitions` says how many would.
 */
export type Verdict = 'better' | 'worse' | 'no-significant-difference' | 'different' | 'inconclusive';

export interface Side {
  n: number;
  median: number;
  ci_low: number;
  ci_high: number;
  /** Per-repetition values the test ranked. */
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
  /**
   * Distribution-free interval of the ratio candidate / baseline (Hodges-Lehmann estimate and
   * Moses interval on log values, see docs/statistics.md); null when a value is 0 or negative.
   * `level` is the confidence it really has (95%, or less when n is too small for 95%).
   */
  ratioCi: ShiftCi | null;
  /** The same for the difference candidate - baseline, in the metric's unit; decides when ratioCi is null. */
  diffCi: ShiftCi | null;
  /** Two-sided p-value of the rank-sum test; null when a side has no values. */
  pValue: number | null;
  /**
   * Benjamini-Hochberg q-value over the comparison's tests (all pairs); null for a test that
   * cannot reach 5% with these values (too few repetitions, or ties), which is left out.
   */
  qValue: number | null;
  /** Details of the test behind the verdict. */
  test: TestDetails;
  /** `better`, `worse` or `different`. */
  significant: boolean;
  verdict: Verdict;
  /** Inconclusive only: repetitions per side that would let the comparison decide. */
  needRepetitions: number | null;
  /** Estimated repetitions per side that would decide a difference the size observed, with 80% power. */
  powerRepetitions: number | null;
  /** Why the verdict is what it is, in words. */
  reason: string;
}

export interface ShiftCi {
  /** Hodges-Lehmann estimate: median of all pairwise ratios (differences) candidate vs baseline. */
  estimate: number;
  low: number;
  high: number;
  level: number;
}

export interface TestDetails {
  method: 'rank-sum-exact' | 'rank-sum-normal';
  /** Mann-Whitney U / (m n): the chance a candidate value exceeds a baseline value (ties half). */
  superiority: number | null;
  /** The smallest p-value these values could give; above alpha the test cannot decide. */
  minP: number | null;
  /** Significance level the q-value is held to. */
  alpha: number;
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
  /** The family the false-discovery rate is controlled over: every test of every pair that could reach alpha. */
  fdr: { tests: number; alpha: number; method: 'benjamini-hochberg' };
}

/** A significant regression beyond the `--fail-on-regression` threshold. */
export interface Regression {
  baseline: string;
  candidate: string;
  comparison: MetricComparison;
  thresholdPct: number;
  message: string;
}
