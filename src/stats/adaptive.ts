import type { RepetitionValues } from '../model/summary.js';
import { medianInterval } from './summary.js';
import { quantile } from './quantile.js';

/** When `--repeat auto` stops repeating a measurement. */
export interface AdaptivePolicy {
  /** Stop once the 95% CI of the median lies within +-targetPct % of the median. */
  targetPct: number;
  /** Never stop before this many successful repetitions. */
  minRepetitions: number;
  /** Never run more than this many repetitions (failed ones count). */
  maxRepetitions: number;
  /** Metrics whose CI decides, first present wins; default: throughput, else p50 latency, else rate. */
  metrics: readonly string[];
}

export const DEFAULT_ADAPTIVE_POLICY: AdaptivePolicy = {
  targetPct: 3,
  minRepetitions: 3,
  maxRepetitions: 20,
  metrics: ['throughput_gbps', 'latency_p50_us', 'rate_per_s'],
};

export interface AdaptiveDecision {
  more: boolean;
  reason: 'too-few' | 'ci-too-wide' | 'ci-narrow-enough' | 'cap' | 'no-metric';
  /** Successful repetitions so far. */
  n: number;
  metric?: string;
  /** Half-width of the CI as a percentage of the median. */
  halfWidthPct?: number;
  /** Confidence level the interval reaches at this n. */
  ciLevel?: number;
  message: string;
}

/**
 * Whether a measurement needs another repetition. Pure: the engine calls it after each
 * repetition with all of them so far. The interval is the same one the summary reports, and it
 * must reach 95% (order statistics need 6 values for that) before the width can stop the loop.
 */
export function needMoreRepetitions(
  repetitions: readonly Pick<RepetitionValues, 'status' | 'metrics'>[],
  policy: AdaptivePolicy = DEFAULT_ADAPTIVE_POLICY,
): AdaptiveDecision {
  const ok = repetitions.filter((r) => r.status === 'ok');
  const n = ok.length;
  const cap = repetitions.length >= policy.maxRepetitions;
  if (cap && n < policy.minRepetitions) {
    return {
      more: false,
      reason: 'cap',
      n,
      message: `reached the cap of ${policy.maxRepetitions} with ${n} successful`,
    };
  }
  if (n < policy.minRepetitions) {
    return {
      more: true,
      reason: 'too-few',
      n,
      message: `${n} of at least ${policy.minRepetitions} repetitions`,
    };
  }
  const metric = policy.metrics.find((m) => ok.every((r) => Number.isFinite(r.metrics[m])));
  if (metric === undefined) {
    return {
      more: false,
      reason: 'no-metric',
      n,
      message: `no metric among ${policy.metrics.join(', ')} to judge`,
    };
  }
  const xs = ok.map((r) => r.metrics[metric]!).sort((a, b) => a - b);
  const med = quantile(xs, 0.5);
  const ci = medianInterval(xs, `adaptive/${metric}`);
  const half = Math.max(med - ci.low, ci.high - med);
  const halfWidthPct = med === 0 ? (half === 0 ? 0 : Number.POSITIVE_INFINITY) : (half / Math.abs(med)) * 100;
  const base = { n, metric, halfWidthPct, ciLevel: ci.level };
  const shown = `${metric} CI +-${halfWidthPct.toFixed(1)}% at ${(ci.level * 100).toFixed(0)}%`;
  if (ci.level >= 0.95 && halfWidthPct <= policy.targetPct) {
    return {
      ...base,
      more: false,
      reason: 'ci-narrow-enough',
      message: `${shown} <= +-${policy.targetPct}%`,
    };
  }
  if (cap) {
    return {
      ...base,
      more: false,
      reason: 'cap',
      message: `reached the cap of ${policy.maxRepetitions} with ${shown}`,
    };
  }
  return {
    ...base,
    more: true,
    reason: 'ci-too-wide',
    message: `${shown}, target +-${policy.targetPct}% at 95%`,
  };
}
