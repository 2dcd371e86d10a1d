/**
 * Distribution-free confidence interval of the median from order statistics: the widest
 * symmetric pair (x_(k), x_(n-k+1)) whose binomial coverage is at least 95%, or, when n is too
 * small for 95%, the range with the coverage it really has (n=3: 75%).
 */
export function medianCi(
  sorted: readonly number[],
  target = 0.95,
): { low: number; high: number; level: number } {
  const n = sorted.length;
  if (n === 1) return { low: sorted[0]!, high: sorted[0]!, level: 0 };
  let best = { low: sorted[0]!, high: sorted[n - 1]!, level: coverage(n, 1) };
  for (let k = 1; k <= Math.floor(n / 2); k++) {
    const level = coverage(n, k);
    if (level < target) break;
    best = { low: sorted[k - 1]!, high: sorted[n - k]!, level };
  }
  return best;
}

/** P(x_(k) <= median <= x_(n-k+1)) = 1 - 2 * P(Bin(n, 1/2) < k). */
function coverage(n: number, k: number): number {
  let tail = 0;
  for (let i = 0; i < k; i++) tail += binom(n, i) / 2 ** n;
  return 1 - 2 * tail;
}

function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
