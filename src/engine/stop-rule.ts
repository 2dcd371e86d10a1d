import { headlineMetrics, metricInfo } from '../measure/registry.js';
import type { Repetition } from '../results/schema.js';
import { needMoreRepetitions, type AdaptivePolicy } from '../stats/adaptive.js';
import { DEFAULT_SEQUENTIAL_POLICY, sequentialDecision } from '../stats/sequential.js';

/** One scenario's repetitions of a variant so far, in the order they were measured. */
export interface Side {
  scenario: string;
  repetitions: readonly Repetition[];
}

export interface StopDecision {
  stop: boolean;
  /** Why, in words, for the repetition notes. */
  message: string;
}

/**
 * `--repeat auto`. With two or more scenarios it is a comparison: each candidate's headline
 * metric is tested against the first scenario's with the sequential rule (looks at planned
 * counts, alpha spent across them, so the error rate holds despite repeated looks), and the
 * repetitions go on until every comparison is decided or the cap is hit. With one scenario it
 * repeats until the interval of the median is narrow enough.
 */
export function stopRule(kind: string, sides: readonly Side[], policy: AdaptivePolicy): StopDecision {
  const [base, ...candidates] = sides;
  if (base === undefined) return { stop: true, message: 'nothing to measure' };
  const metric = headlineMetrics(kind)[0];
  if (candidates.length === 0 || metric === undefined) {
    const d = needMoreRepetitions(base.repetitions, policy);
    return { stop: !d.more, message: d.message };
  }
  const values = (s: Side): number[] =>
    s.repetitions
      .filter((r) => r.status === 'ok' && Number.isFinite(r.metrics[metric]))
      .map((r) => r.metrics[metric]!);
  const looks = DEFAULT_SEQUENTIAL_POLICY.looks.filter((n) => n <= policy.maxRepetitions);
  const sequential = {
    ...DEFAULT_SEQUENTIAL_POLICY,
    looks: looks.length > 0 ? looks : [policy.maxRepetitions],
    better: metricInfo(metric).better,
  };
  const decisions = candidates.map((c) => ({
    scenario: c.scenario,
    d: sequentialDecision(values(base), values(c), sequential),
  }));
  const open = decisions.filter((x) => !x.d.stop);
  const attempts = Math.max(...sides.map((s) => s.repetitions.length));
  const capped = attempts >= policy.maxRepetitions;
  const text = decisions
    .map((x) => `${x.scenario} vs ${base.scenario} on ${metric}: ${x.d.message}`)
    .join('; ');
  const undecided = decisions.filter((x) => x.d.outcome === 'cap').length;
  if (open.length === 0)
    return {
      stop: true,
      message:
        undecided === 0
          ? `every comparison decided: ${text}`
          : `${undecided} of ${decisions.length} comparisons undecided at the cap: ${text}`,
    };
  if (capped) return { stop: true, message: `reached the cap of ${policy.maxRepetitions}: ${text}` };
  return { stop: false, message: text };
}
