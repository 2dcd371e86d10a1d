import type { Summary } from '../model/summary.js';
import { bootstrapDiffCi, bootstrapRatioCi, type Interval } from '../stats/bootstrap.js';
import { seedOf } from '../stats/prng.js';
import type { MetricComparison, Side, Verdict } from './types.js';

/** Fewer repetitions than this on either side give no verdict. */
export const MIN_REPETITIONS = 3;

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
 * Compares one metric: absolute and relative difference of the medians, the bootstrap 95% CI
 * of their ratio (repetitions resampled on each side, seeded by the figure's identity so a
 * report is reproducible), and a verdict that uses the metric's better direction. Where the
 * baseline median is 0 (no retransmits, no loss) the CI of the difference decides instead.
 */
export function compareMetric(input: MetricInput): MetricComparison {
  const { baseline: b, candidate: c } = input;
  const seed = seedOf(`${input.placement}/${input.measurement}/${input.variant}/${b.metric}`);
  const ratio = b.median === 0 ? null : c.median / b.median;
  const enough =
    input.baselineValues.length >= MIN_REPETITIONS && input.candidateValues.length >= MIN_REPETITIONS;
  const ratioCi =
    enough && ratio !== null
      ? (bootstrapRatioCi(input.baselineValues, input.candidateValues, seed) ?? null)
      : null;
  const diffCi = enough ? (bootstrapDiffCi(input.baselineValues, input.candidateValues, seed) ?? null) : null;
  const decisive =
    ratioCi !== null
      ? { ci: ratioCi, neutral: 1, name: 'ratio' }
      : diffCi && { ci: diffCi, neutral: 0, name: 'difference' };
  const significant =
    decisive !== null && (decisive.ci.low > decisive.neutral || decisive.ci.high < decisive.neutral);
  const { verdict, reason } = judge(b, c, enough, decisive, significant);
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
    ratioCi,
    diffCi,
    significant,
    verdict,
    reason,
  };
}

function judge(
  b: Summary,
  c: Summary,
  enough: boolean,
  decisive: { ci: Interval; neutral: number; name: string } | null,
  significant: boolean,
): { verdict: Verdict; reason: string } {
  if (!enough) {
    return {
      verdict: 'inconclusive',
      reason: `needs ${MIN_REPETITIONS} repetitions per side (have ${b.n} and ${c.n})`,
    };
  }
  if (decisive === null) return { verdict: 'inconclusive', reason: 'no bootstrap interval could be formed' };
  const { ci, neutral, name } = decisive;
  const digits = neutral === 1 ? 3 : 4;
  const range = `95% CI of the ${name} ${ci.low.toPrecision(digits)}..${ci.high.toPrecision(digits)}`;
  if (!significant) return { verdict: 'no-significant-difference', reason: `${range} includes ${neutral}` };
  if (b.better === 'none') return { verdict: 'different', reason: `${range} excludes ${neutral}` };
  const up = ci.low > neutral;
  const better = up === (b.better === 'higher');
  const dir = `${up ? 'higher' : 'lower'} is ${better ? 'better' : 'worse'} for ${b.metric}`;
  return { verdict: better ? 'better' : 'worse', reason: `${range} excludes ${neutral}; ${dir}` };
}

function side(s: Summary, values: readonly number[]): Side {
  return { n: s.n, median: s.median, ci_low: s.ci_low, ci_high: s.ci_high, values: [...values] };
}
