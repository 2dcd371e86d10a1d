import { normalCdf } from './normal.js';
import { subsetSumDistribution, tails } from './subset-sums.js';

/**
 * Up to this many values in all, the null distribution is enumerated exactly (without ties it
 * is computed once per pair of sample sizes); above, the normal approximation.
 */
export const EXACT_MAX_VALUES = 60;
/** With ties the enumeration is redone for every test; above this many values, the normal approximation. */
export const EXACT_MAX_TIED_VALUES = 40;

/** Wilcoxon-Mann-Whitney rank-sum test of a candidate sample against a baseline sample. */
export interface RankSumTest {
  method: 'exact' | 'normal';
  /** Mann-Whitney U of the candidate: pairs (baseline, candidate) with candidate > baseline, ties counting 1/2. */
  u: number;
  /** U / (m n): the chance a candidate value exceeds a baseline value (ties half); 0.5 when neither tends higher. */
  superiority: number;
  /** Two-sided p-value: twice the smaller tail of the rank sum's permutation distribution, at most 1. */
  pValue: number;
  /** The smallest two-sided p-value any split of these pooled values could give. */
  minP: number;
}

/**
 * Mid-ranks (1-based) of `values` in the pooled order; tied values share the mean of their ranks.
 * Doubled, so they are integers: `first + last` of the tied run.
 */
export function doubledMidRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length).fill(0);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = i + 1 + (j + 1);
    i = j + 1;
  }
  return out;
}

/**
 * The exact (conditional on the pooled values, so ties are handled exactly) two-sided
 * Wilcoxon rank-sum test; from more than `EXACT_MAX_VALUES` values (`EXACT_MAX_TIED_VALUES`
 * when values tie) the normal approximation with tie and continuity corrections. Assumes only that, without a difference, all values are
 * exchangeable; invariant under any increasing transformation (log or not gives the same p).
 */
export function rankSumTest(baseline: readonly number[], candidate: readonly number[]): RankSumTest {
  const m = baseline.length;
  const n = candidate.length;
  if (m === 0 || n === 0) return { method: 'exact', u: 0, superiority: 0.5, pValue: 1, minP: 1 };
  const ranks = doubledMidRanks([...baseline, ...candidate]);
  const w2 = ranks.slice(m).reduce((a, b) => a + b, 0);
  const u = w2 / 2 - (n * (n + 1)) / 2;
  const superiority = u / (m * n);
  const tied = new Set(ranks).size < ranks.length;
  if (m + n > (tied ? EXACT_MAX_TIED_VALUES : EXACT_MAX_VALUES)) {
    return { ...normalTest(ranks, m, n, w2), u, superiority };
  }
  // Without ties the ranks are 1..N whatever the values: one cached distribution per (N, n).
  const null0 = tied
    ? subsetSumDistribution(ranks, n)
    : subsetSumDistribution(
        Array.from({ length: m + n }, (_, i) => i + 1),
        n,
      );
  const { below, above } = tails(null0, tied ? w2 : w2 / 2);
  const pValue = Math.min(1, 2 * Math.min(below, above));
  const minP = Math.min(1, 2 * Math.min(null0.probs[null0.min]!, null0.probs[null0.max]!));
  return { method: 'exact', u, superiority, pValue, minP };
}

function normalTest(
  ranks: readonly number[],
  m: number,
  n: number,
  w2: number,
): { method: 'normal'; pValue: number; minP: number } {
  const total = m + n;
  const ties = new Map<number, number>();
  for (const r of ranks) ties.set(r, (ties.get(r) ?? 0) + 1);
  let tieSum = 0;
  for (const t of ties.values()) tieSum += t ** 3 - t;
  const variance = ((m * n) / 12) * (total + 1 - tieSum / (total * (total - 1)));
  if (variance <= 0) return { method: 'normal', pValue: 1, minP: 1 };
  const sd = Math.sqrt(variance);
  const mean = (n * (total + 1)) / 2;
  const p = (w: number): number => Math.min(1, 2 * (1 - normalCdf((Math.abs(w - mean) - 0.5) / sd)));
  const sorted = [...ranks].sort((a, b) => a - b);
  const lowest = sorted.slice(0, n).reduce((a, b) => a + b, 0) / 2;
  const highest = sorted.slice(total - n).reduce((a, b) => a + b, 0) / 2;
  return { method: 'normal', pValue: p(w2 / 2), minP: Math.min(p(lowest), p(highest)) };
}

/**
 * The smallest two-sided p-value of the rank-sum test with m and n distinct values:
 * 2 / C(m + n, m) (3 against 3: 0.1; 4 against 4: 0.029).
 */
export function smallestPValue(m: number, n: number): number {
  let c = 1;
  for (let i = 1; i <= Math.min(m, n); i++) c = (c * (m + n - Math.min(m, n) + i)) / i;
  return Math.min(1, 2 / c);
}

/** The fewest repetitions per side with which the rank-sum test can reach `alpha` at all (4 at 0.05). */
export function minRepetitionsFor(alpha: number): number {
  let n = 1;
  while (smallestPValue(n, n) > alpha && n < 1000) n++;
  return n;
}
