/** Quantile of sorted values by linear interpolation (type 7, as R and NumPy default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const f = pos - lo;
  const v = a + (b - a) * f;
  // b - a overflows for values of opposite sign near the largest double: weigh the ends instead.
  return Number.isFinite(v) ? v : a * (1 - f) + b * f;
}
