import type { MetricCatalogue } from '../model/metrics.js';

/** A tool's figures narrowed to a measurement's catalogue: the names the measurement declares. */
export function pickMetrics<M extends string>(
  figures: Readonly<Record<string, number | undefined>>,
  catalogue: MetricCatalogue<M>,
): Partial<Record<M, number>> {
  const out: Partial<Record<M, number>> = {};
  for (const name of Object.keys(catalogue) as M[]) {
    const v = figures[name];
    if (v !== undefined && Number.isFinite(v)) out[name] = v;
  }
  return out;
}
