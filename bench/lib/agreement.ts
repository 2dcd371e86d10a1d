import { median } from '../../src/stats/bootstrap.js';
import { shiftInterval, type ShiftInterval } from '../../src/stats/shift.js';
import { sig } from './figure.js';

/** How close two sets of values are: the shift of `b` against `a` with its distribution-free interval. */
export interface Agreement {
  n: [number, number];
  medians: [number, number];
  /** median(b) / median(a) on the ratio scale, median(b) - median(a) on the difference scale. */
  ofMedians: number;
  interval: ShiftInterval | undefined;
  met: boolean | null;
  note: string;
}

/**
 * Whether `b` agrees with `a` within `margin` (a ratio margin of 0.02 is +-2%; on the difference
 * scale, +-margin in the values' unit): met when the interval lies within the margin; met as
 * "indistinguishable at the measured spread" when the interval is wider but holds no difference;
 * not met when the interval excludes no difference and reaches beyond the margin.
 */
export function agreement(
  a: readonly number[],
  b: readonly number[],
  scale: 'ratio' | 'difference',
  margin: number,
): Agreement {
  const ok = (xs: readonly number[]): number[] => xs.filter((x) => Number.isFinite(x));
  const [xa, xb] = [ok(a), ok(b)];
  const medians: [number, number] = [median(xa), median(xb)];
  const ofMedians = scale === 'ratio' ? medians[1] / medians[0] : medians[1] - medians[0];
  const interval = shiftInterval(xa, xb, scale, 0.95);
  const base = { n: [xa.length, xb.length] as [number, number], medians, ofMedians, interval };
  if (interval === undefined)
    return { ...base, met: null, note: 'no interval: too few values, or values not all positive' };
  const neutral = interval.scale === 'ratio' ? 1 : 0;
  const [lo, hi] = interval.scale === 'ratio' ? [1 - margin, 1 + margin] : [-margin, margin];
  if (interval.low >= lo && interval.high <= hi) return { ...base, met: true, note: 'within the margin' };
  if (interval.low <= neutral && interval.high >= neutral) {
    return { ...base, met: true, note: 'indistinguishable at the measured spread' };
  }
  return { ...base, met: false, note: 'differs, beyond the margin' };
}

/** "0.997 [0.962-1.03] at 95%" */
export function intervalText(iv: ShiftInterval | undefined): string {
  if (iv === undefined) return 'no interval';
  return `${sig(iv.estimate, 4)} [${sig(iv.low, 4)}..${sig(iv.high, 4)}] at ${(iv.level * 100).toFixed(1)}%`;
}
