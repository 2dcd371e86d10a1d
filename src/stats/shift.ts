import { normalQuantile } from './normal.js';
import { EXACT_MAX_VALUES } from './rank-sum.js';
import { subsetSumDistribution } from './subset-sums.js';

/**
 * How far the candidate lies from the baseline, with a distribution-free confidence interval:
 * the Hodges-Lehmann estimate (median of all m*n pairwise differences candidate - baseline) and
 * the interval between the k-th smallest and k-th largest of those differences (Moses), k from
 * the exact null distribution of the Mann-Whitney U. On the `ratio` scale the differences are
 * of logarithms and everything is turned back into ratios candidate / baseline.
 */
export interface ShiftInterval {
  scale: 'ratio' | 'difference';
  /** Hodges-Lehmann estimate: the typical ratio (or difference) of candidate to baseline. */
  estimate: number;
  low: number;
  high: number;
  /** The confidence the interval really has (3 against 3 cannot reach 95%: it has 90%). */
  level: number;
}

/**
 * The shift of `candidate` against `baseline`. The ratio scale needs every value positive (a
 * zero, e.g. no retransmits, has no logarithm): then it returns undefined, and the caller
 * uses the difference scale.
 */
export function shiftInterval(
  baseline: readonly number[],
  candidate: readonly number[],
  scale: 'ratio' | 'difference',
  level = 0.95,
): ShiftInterval | undefined {
  const m = baseline.length;
  const n = candidate.length;
  if (m === 0 || n === 0) return undefined;
  if (scale === 'ratio' && [...baseline, ...candidate].some((v) => !(v > 0))) return undefined;
  const t = scale === 'ratio' ? Math.log : (v: number): number => v;
  const tb = baseline.map(t);
  const tc = candidate.map(t);
  const diffs = new Float64Array(m * n);
  let i = 0;
  for (const b of tb) for (const c of tc) diffs[i++] = c - b;
  diffs.sort();
  const { k, level: actual } = mosesRank(m, n, level);
  const back = scale === 'ratio' ? Math.exp : (v: number): number => v;
  return {
    scale,
    estimate: back(middle(diffs)),
    low: back(diffs[k - 1]!),
    high: back(diffs[m * n - k]!),
    level: actual,
  };
}

/**
 * The rank k of the interval's ends: the largest k with P(U <= k - 1) <= (1 - level) / 2 for
 * untied U, at least 1 (then the interval is the range of the differences, with the level it
 * has). From more than `EXACT_MAX_VALUES` values, the normal approximation.
 */
export function mosesRank(m: number, n: number, level: number): { k: number; level: number } {
  const half = (1 - level) / 2;
  if (m + n > EXACT_MAX_VALUES) {
    const sd = Math.sqrt((m * n * (m + n + 1)) / 12);
    const k = Math.max(1, Math.floor((m * n) / 2 - normalQuantile(1 - half) * sd));
    return { k, level };
  }
  const ranks = Array.from({ length: m + n }, (_, i) => i + 1);
  const w = subsetSumDistribution(ranks, n);
  const offset = (n * (n + 1)) / 2;
  // cdf[u] = P(U <= u)
  let cum = 0;
  let k = 1;
  let atK = 0;
  for (let u = 0; u <= (m * n) / 2; u++) {
    cum += w.probs[u + offset]!;
    if (u === 0) atK = cum;
    if (cum > half + 1e-12) break;
    k = u + 1;
    atK = cum;
  }
  return { k, level: 1 - 2 * atK };
}

/** Median of sorted values. */
function middle(sorted: Float64Array): number {
  const h = (sorted.length - 1) / 2;
  const [a, b] = [sorted[Math.floor(h)]!, sorted[Math.ceil(h)]!];
  const mid = (a + b) / 2;
  return Number.isFinite(mid) ? mid : a / 2 + b / 2; // a + b overflows near the largest double
}
