/**
 * The distribution of the sum of a k-element subset drawn uniformly from a list of non-negative
 * integer weights: the exact null distribution of a rank-sum statistic (weights are the ranks,
 * or doubled mid-ranks when values tie). Dynamic programming over (items, subset size, sum):
 * N * k * S steps, a few million for 60 values.
 */
export interface SubsetSumDistribution {
  /** probs[s] = P(sum = s), s from 0 to the largest possible sum. */
  probs: Float64Array;
  /** Smallest and largest sum with non-zero probability. */
  min: number;
  max: number;
}

const cache = new Map<string, SubsetSumDistribution>();
const CACHE_LIMIT = 256;

/**
 * Cached when the weights are 1..N (the untied case, the same for every test of two sample
 * sizes); computed afresh otherwise.
 */
export function subsetSumDistribution(weights: readonly number[], k: number): SubsetSumDistribution {
  if (!isRange(weights)) return compute(weights, k);
  const key = `${k}|${weights.length}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const dist = compute(weights, k);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, dist);
  return dist;
}

function isRange(weights: readonly number[]): boolean {
  return weights.every((w, i) => w === i + 1);
}

function compute(weights: readonly number[], k: number): SubsetSumDistribution {
  for (const w of weights) {
    if (!Number.isInteger(w) || w < 0)
      throw new RangeError(`subset sums need non-negative integer weights, got ${w}`);
  }
  if (!Number.isInteger(k) || k < 0 || k > weights.length) {
    throw new RangeError(`subset size ${k} is not between 0 and ${weights.length}`);
  }
  // Ascending order: after i items, a j-subset's sum lies between the j smallest and the j
  // largest seen, so each step only touches that band.
  const sorted = [...weights].sort((a, b) => a - b);
  let maxSum = 0;
  for (let i = sorted.length - k; i < sorted.length; i++) maxSum += sorted[i]!;
  // rows[j][s]: number of j-element subsets of the items seen so far with sum s.
  const rows: Float64Array[] = Array.from({ length: k + 1 }, () => new Float64Array(maxSum + 1));
  rows[0]![0] = 1;
  const prefix = [0];
  for (const w of sorted) prefix.push(prefix[prefix.length - 1]! + w);
  sorted.forEach((w, i) => {
    for (let j = Math.min(i + 1, k); j >= 1; j--) {
      const into = rows[j]!;
      const from = rows[j - 1]!;
      const lo = w + prefix[j - 1]!;
      const hi = Math.min(maxSum, prefix[i + 1]! - prefix[i + 1 - j]!);
      for (let s = hi; s >= lo; s--) into[s] = into[s]! + from[s - w]!;
    }
  });
  const counts = rows[k]!;
  let total = 0;
  for (const c of counts) total += c;
  const probs = counts.map((c) => c / total);
  let min = 0;
  while (probs[min] === 0) min++;
  let max = maxSum;
  while (probs[max] === 0) max--;
  return { probs, min, max };
}

/** P(sum <= s) and P(sum >= s) of a subset-sum distribution. */
export function tails(d: SubsetSumDistribution, s: number): { below: number; above: number } {
  let below = 0;
  let above = 0;
  d.probs.forEach((p, i) => {
    if (i <= s) below += p;
    if (i >= s) above += p;
  });
  return { below: Math.min(1, below), above: Math.min(1, above) };
}
