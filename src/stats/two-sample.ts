import { repetitionsForPower, DEFAULT_POWER_TARGET } from './power.js';
import { minRepetitionsFor, rankSumTest, smallestPValue, type RankSumTest } from './rank-sum.js';
import { shiftInterval, type ShiftInterval } from './shift.js';

/** Everything the comparison of one metric needs from two samples of repetition values. */
export interface TwoSampleResult {
  test: RankSumTest;
  /** Interval of candidate / baseline; undefined when a value is 0 or negative. */
  ratio: ShiftInterval | undefined;
  /** Interval of candidate - baseline, in the metric's unit. */
  difference: ShiftInterval | undefined;
  /** Whether these repetition counts can reach `alpha` at all (3 against 3 cannot reach 5%). */
  enoughRepetitions: boolean;
  /** The fewest repetitions per side with which the test can reach `alpha`. */
  minRepetitions: number;
  /** Estimated repetitions per side to decide the observed difference with 80% power. */
  powerRepetitions: number | undefined;
}

/**
 * The rank-sum test, the Hodges-Lehmann shift with its distribution-free interval (of the
 * ratio where every value is positive, and of the difference), and how many repetitions would
 * decide. Pure and deterministic: no resampling.
 */
export function compareSamples(
  baseline: readonly number[],
  candidate: readonly number[],
  alpha = DEFAULT_POWER_TARGET.alpha,
): TwoSampleResult {
  const ratio = shiftInterval(baseline, candidate, 'ratio');
  return {
    test: rankSumTest(baseline, candidate),
    ratio,
    difference: shiftInterval(baseline, candidate, 'difference'),
    enoughRepetitions:
      baseline.length > 0 &&
      candidate.length > 0 &&
      smallestPValue(baseline.length, candidate.length) <= alpha,
    minRepetitions: minRepetitionsFor(alpha),
    powerRepetitions: repetitionsForPower(baseline, candidate, ratio === undefined ? 'difference' : 'ratio', {
      ...DEFAULT_POWER_TARGET,
      alpha,
    }),
  };
}
