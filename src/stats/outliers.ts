import { quantile } from './quantile.js';

/** Tukey's fences: values beyond 1.5 interquartile ranges outside the quartiles. */
export function tukeyOutliers(values: readonly number[], k = 1.5): number[] {
  if (values.length < 4) return [];
  const xs = [...values].sort((a, b) => a - b);
  const q1 = quantile(xs, 0.25);
  const q3 = quantile(xs, 0.75);
  const iqr = q3 - q1;
  return values.filter((v) => v < q1 - k * iqr || v > q3 + k * iqr);
}
