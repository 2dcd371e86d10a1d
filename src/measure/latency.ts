import { percentileMetrics } from '../stats/percentiles.js';
import { quantile } from '../stats/quantile.js';
import { round } from '../tools/common.js';

/**
 * `latency_p50_us` ... `latency_p999_us` of one repetition's sorted latencies (µs), named by the
 * same convention that merges the `latency_us` samples across repetitions; `upTo` drops the
 * higher percentiles where a repetition has too few samples for them.
 */
export function latencyPercentiles(sortedUs: readonly number[], upTo = 0.999): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of percentileMetrics('latency_us'))
    if (p.q <= upTo) out[p.metric] = round(quantile(sortedUs, p.q));
  return out;
}
