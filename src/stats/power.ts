import { normalQuantile } from './normal.js';
import { minRepetitionsFor } from './rank-sum.js';
import { median } from './bootstrap.js';

export interface PowerTarget {
  /** Two-sided significance level the test will use. */
  alpha: number;
  /** Chance of finding the difference if it is real. */
  power: number;
}

export const DEFAULT_POWER_TARGET: PowerTarget = { alpha: 0.05, power: 0.8 };

/**
 * The smallest asymptotic relative efficiency of the rank-sum test to the t test over all
 * continuous distributions (Hodges and Lehmann, 1956): 108/125 = 0.864. Dividing by it makes
 * the estimate hold without assuming normal noise (for normal noise the efficiency is 0.955).
 */
const RANK_SUM_MIN_ARE = 0.864;

/**
 * Repetitions per side for which the rank-sum test finds a true shift `shift` between samples of
 * standard deviation `sd` with the target power: the two-sample normal formula
 * 2 (z_(1-alpha/2) + z_power)^2 / d^2 with d = shift / sd, plus Guenther's small-sample
 * correction z_(1-alpha/2)^2 / 4, divided by the rank test's worst-case efficiency 0.864, and never fewer
 * than the test needs to reach `alpha` at all. Undefined when there is no shift to find.
 */
export function repetitionsForEffect(
  shift: number,
  sd: number,
  target: PowerTarget = DEFAULT_POWER_TARGET,
): number | undefined {
  const floor = minRepetitionsFor(target.alpha);
  if (!Number.isFinite(shift) || !Number.isFinite(sd) || shift === 0) return undefined;
  if (sd === 0) return floor;
  const za = normalQuantile(1 - target.alpha / 2);
  const zb = normalQuantile(target.power);
  const d = Math.abs(shift) / sd;
  const n = ((2 * (za + zb) ** 2) / d ** 2 + za ** 2 / 4) / RANK_SUM_MIN_ARE;
  return Math.max(floor, Math.ceil(n));
}

/**
 * Repetitions per side that would decide the difference observed between two samples, with the
 * target power: the shift of the medians (of logarithms on the ratio scale, so a 10% shift on
 * 5% noise gives the same answer at any magnitude) and the pooled standard deviation put into
 * `repetitionsForEffect`. A rough guide from few values: the spread of 3 values is itself
 * uncertain by a factor of about two.
 */
export function repetitionsForPower(
  baseline: readonly number[],
  candidate: readonly number[],
  scale: 'ratio' | 'difference',
  target: PowerTarget = DEFAULT_POWER_TARGET,
): number | undefined {
  if (baseline.length === 0 || candidate.length === 0 || baseline.length + candidate.length < 3)
    return undefined;
  if (scale === 'ratio' && [...baseline, ...candidate].some((v) => !(v > 0))) return undefined;
  const t = scale === 'ratio' ? Math.log : (v: number): number => v;
  const b = baseline.map(t);
  const c = candidate.map(t);
  return repetitionsForEffect(median(c) - median(b), pooledSd(b, c), target);
}

/** Pooled standard deviation of two samples, each about its own mean. */
export function pooledSd(a: readonly number[], b: readonly number[]): number {
  const ss = (xs: readonly number[]): number => {
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    return xs.reduce((s, x) => s + (x - mean) ** 2, 0);
  };
  const df = a.length + b.length - 2;
  return df <= 0 ? Number.NaN : Math.sqrt((ss(a) + ss(b)) / df);
}
