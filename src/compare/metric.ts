import type { Summary } from '../model/summary.js';
import { benjaminiHochberg } from '../stats/fdr.js';
import type { ShiftInterval } from '../stats/shift.js';
import { compareSamples } from '../stats/two-sample.js';
import type { MetricComparison, ShiftCi, Side } from './types.js';
import { ALPHA, inFamily, judge, type Unjudged } from './verdict.js';

export interface MetricInput {
  placement: string;
  measurement: string;
  variant: string;
  baseline: Summary;
  candidate: Summary;
  baselineValues: readonly number[];
  candidateValues: readonly number[];
}

/**
 * Compares one metric: absolute and relative difference of the medians, the exact rank-sum
 * test of the repetition values, the Hodges-Lehmann ratio (or difference) with its
 * distribution-free interval, and a verdict. On its own, the metric is a family of one (q = p);
 * `controlFalseDiscoveries` adjusts a whole comparison's metrics together.
 */
export function compareMetric(input: MetricInput): MetricComparison {
  const [one] = controlFalseDiscoveries([testMetric(input)]);
  return one!;
}

/** The test of one metric, before its q-value and verdict. */
export function testMetric(input: MetricInput, alpha = ALPHA): Unjudged {
  const { baseline: b, candidate: c } = input;
  const ratio = b.median === 0 ? null : c.median / b.median;
  const s = compareSamples(input.baselineValues, input.candidateValues, alpha);
  const empty = input.baselineValues.length === 0 || input.candidateValues.length === 0;
  return {
    placement: input.placement,
    measurement: input.measurement,
    variant: input.variant,
    metric: b.metric,
    unit: b.unit,
    better: b.better,
    baseline: side(b, input.baselineValues),
    candidate: side(c, input.candidateValues),
    diff: c.median - b.median,
    relPct: ratio === null ? null : (ratio - 1) * 100,
    ratio,
    ratioCi: ci(s.ratio),
    diffCi: ci(s.difference),
    pValue: empty ? null : s.test.pValue,
    qValue: null,
    test: {
      method: s.test.method === 'exact' ? 'rank-sum-exact' : 'rank-sum-normal',
      superiority: empty ? null : s.test.superiority,
      minP: empty ? null : s.test.minP,
      alpha,
    },
    powerRepetitions: s.powerRepetitions ?? null,
  };
}

/**
 * Benjamini-Hochberg q-values over `metrics` (those that can reach alpha; the others get
 * null) and the verdicts that follow from them. Order is kept.
 */
export function controlFalseDiscoveries(metrics: readonly Unjudged[]): MetricComparison[] {
  const q = benjaminiHochberg(metrics.map((m) => (inFamily(m) ? m.pValue : null)));
  return metrics.map((m, i) => {
    const withQ = { ...m, qValue: q[i] ?? null };
    return { ...withQ, ...judge(withQ) };
  });
}

/** How many of `metrics` the false-discovery rate is controlled over. */
export function familySize(metrics: readonly Unjudged[]): number {
  return metrics.filter(inFamily).length;
}

function ci(s: ShiftInterval | undefined): ShiftCi | null {
  return s === undefined ? null : { estimate: s.estimate, low: s.low, high: s.high, level: s.level };
}

function side(s: Summary, values: readonly number[]): Side {
  return { n: s.n, median: s.median, ci_low: s.ci_low, ci_high: s.ci_high, values: [...values] };
}
