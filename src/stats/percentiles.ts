import { quantile } from './quantile.js';

/** The percentiles derived from raw samples, with the tag used in metric names. */
export const PERCENTILES = [
  { q: 0.5, tag: 'p50' },
  { q: 0.9, tag: 'p90' },
  { q: 0.99, tag: 'p99' },
  { q: 0.999, tag: 'p999' },
] as const;

/**
 * A percentile metric and the raw samples it is computed from. Convention: samples under
 * `<base>_<unit>` (e.g. `latency_us`) give metrics `<base>_<tag>_<unit>` (`latency_p99_us`).
 */
export interface PercentileMetric {
  metric: string;
  sampleKey: string;
  q: number;
}

const PERCENTILE_NAME = /^(.+)_(p\d+)_([a-z]+)$/;

/** Which sample key and quantile a metric such as `latency_p99_us` is computed from, if any. */
export function percentileOf(metric: string): PercentileMetric | undefined {
  const m = PERCENTILE_NAME.exec(metric);
  if (!m) return undefined;
  const p = PERCENTILES.find((x) => x.tag === m[2]);
  return p === undefined ? undefined : { metric, sampleKey: `${m[1]}_${m[3]}`, q: p.q };
}

/** The percentile metric names derived from one sample key. */
export function percentileMetrics(sampleKey: string): PercentileMetric[] {
  const cut = sampleKey.lastIndexOf('_');
  if (cut <= 0) return [];
  const base = sampleKey.slice(0, cut);
  const unit = sampleKey.slice(cut + 1);
  return PERCENTILES.map((p) => ({ metric: `${base}_${p.tag}_${unit}`, sampleKey, q: p.q }));
}

/** All finite raw samples of `key` from every repetition, merged and sorted. */
export function mergeSamples(
  repetitions: readonly { samples?: Record<string, number[]> | undefined }[],
  key: string,
): number[] {
  const out: number[] = [];
  for (const rep of repetitions)
    for (const v of rep.samples?.[key] ?? []) if (Number.isFinite(v)) out.push(v);
  return out.sort((a, b) => a - b);
}

/**
 * Percentiles over the merged raw samples of all repetitions. Percentiles are never averaged
 * across repetitions: the mean of per-run p99s is not the p99 of anything.
 */
export function mergedPercentiles(
  repetitions: readonly { samples?: Record<string, number[]> | undefined }[],
  key: string,
): Record<string, number> {
  const merged = mergeSamples(repetitions, key);
  const out: Record<string, number> = {};
  if (merged.length === 0) return out;
  for (const p of percentileMetrics(key)) out[p.metric] = quantile(merged, p.q);
  return out;
}
