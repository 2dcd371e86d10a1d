import { CnibenchError } from '../model/errors.js';
import type { Better } from '../model/metrics.js';
import { median } from './bootstrap.js';
import { rankSumTest } from './rank-sum.js';
import { shiftInterval, type ShiftInterval } from './shift.js';

/** When `--repeat auto` stops repeating a comparison of a baseline and a candidate. */
export interface SequentialPolicy {
  /** Overall chance of a better/worse verdict when there is no difference, over all looks. */
  alpha: number;
  /** Repetitions per side at which the rule looks, rising; the last one is the cap. */
  looks: readonly number[];
  /**
   * Stop with `equivalent` once the interval of the ratio lies within +-this percent (the
   * difference scale: of the baseline median); null: never decide "no difference".
   */
  equivalencePct: number | null;
  /** The metric's better direction; `none` gives `different` instead of better/worse. */
  better: Better;
}

export const DEFAULT_SEQUENTIAL_POLICY: SequentialPolicy = {
  alpha: 0.05,
  looks: [5, 8, 12, 16, 20],
  equivalencePct: 5,
  better: 'higher',
};

export type SequentialOutcome = 'continue' | 'better' | 'worse' | 'different' | 'equivalent' | 'cap';

export interface SequentialLook {
  /** 1-based number of the look and the repetitions per side it used. */
  index: number;
  n: number;
  /** The share of alpha this look may spend. */
  alpha: number;
  pValue: number;
  /** Chance a candidate value exceeds a baseline value (rank-sum U / mn): above 0.5, the candidate is higher. */
  superiority: number;
  /** Interval of the shift at confidence 1 - 2 * alpha (the equivalence test's). */
  interval: ShiftInterval | undefined;
}

export interface SequentialDecision {
  stop: boolean;
  outcome: SequentialOutcome;
  /** Repetitions per side so far (the shorter side). */
  n: number;
  /** The look that decided, or the last one taken. */
  look: SequentialLook | undefined;
  /** Every look taken so far, in order (the last one is `look`). */
  looks: SequentialLook[];
  /** Repetitions per side at the next look; null when stopping. */
  nextLook: number | null;
  message: string;
}

/**
 * Alpha spent at each look: the Lan-DeMets Pocock-type spending function
 * alpha * ln(1 + (e - 1) t), t = n / cap, in increments. The increments add up to alpha, so
 * by the union bound the chance of any false better/worse over all looks is at most alpha,
 * whatever the correlation between looks (the real rate is lower).
 */
export function lookAlphas(policy: Pick<SequentialPolicy, 'alpha' | 'looks'>): number[] {
  const cap = policy.looks[policy.looks.length - 1] ?? 1;
  const spent = (n: number): number => policy.alpha * Math.log(1 + (Math.E - 1) * (n / cap));
  return policy.looks.map((n, i) => spent(n) - (i === 0 ? 0 : spent(policy.looks[i - 1]!)));
}

/**
 * Whether to stop repeating baseline and candidate, given their values so far in the order they
 * were measured. Pure and stateless: each planned look up to the current count is evaluated on
 * the prefixes it saw, so calling after every repetition or once at the end gives the same answer.
 * A look decides better/worse when the two-sided rank-sum p-value is at most its share of alpha,
 * and equivalence when the distribution-free interval at confidence 1 - 2 * share lies within
 * the margin (two one-sided tests).
 */
export function sequentialDecision(
  baseline: readonly number[],
  candidate: readonly number[],
  policy: SequentialPolicy = DEFAULT_SEQUENTIAL_POLICY,
): SequentialDecision {
  checkPolicy(policy);
  const n = Math.min(baseline.length, candidate.length);
  const alphas = lookAlphas(policy);
  let last: SequentialLook | undefined;
  const looks: SequentialLook[] = [];
  for (const [i, at] of policy.looks.entries()) {
    if (at > n) {
      const shown =
        last === undefined ? '' : `; look ${last.index} at ${last.n}: p = ${last.pValue.toPrecision(2)}`;
      return {
        stop: false,
        outcome: 'continue',
        n,
        look: last,
        looks,
        nextLook: at,
        message: `${n} of ${at} repetitions per side for look ${i + 1} of ${policy.looks.length}${shown}`,
      };
    }
    last = evaluateLook(baseline.slice(0, at), candidate.slice(0, at), i + 1, alphas[i]!);
    looks.push(last);
    const outcome = judgeLook(last, baseline.slice(0, at), policy);
    if (outcome !== 'continue') {
      return {
        stop: true,
        outcome,
        n,
        look: last,
        looks,
        nextLook: null,
        message: decidedText(outcome, last),
      };
    }
  }
  const cap = policy.looks[policy.looks.length - 1]!;
  return {
    stop: true,
    outcome: 'cap',
    n,
    look: last,
    looks,
    nextLook: null,
    message: `reached the cap of ${cap} repetitions per side undecided (last p = ${last?.pValue.toPrecision(2) ?? '-'})`,
  };
}

function evaluateLook(base: number[], cand: number[], index: number, alpha: number): SequentialLook {
  const level = 1 - 2 * alpha;
  const interval =
    shiftInterval(base, cand, 'ratio', level) ?? shiftInterval(base, cand, 'difference', level);
  const test = rankSumTest(base, cand);
  return { index, n: base.length, alpha, pValue: test.pValue, superiority: test.superiority, interval };
}

function judgeLook(look: SequentialLook, base: number[], policy: SequentialPolicy): SequentialOutcome {
  const iv = look.interval;
  if (look.pValue <= look.alpha) {
    if (policy.better === 'none') return 'different';
    return look.superiority > 0.5 === (policy.better === 'higher') ? 'better' : 'worse';
  }
  if (policy.equivalencePct === null || iv === undefined) return 'continue';
  if (iv.level < 1 - 2 * look.alpha - 1e-9) return 'continue';
  const e = policy.equivalencePct / 100;
  const within =
    iv.scale === 'ratio'
      ? iv.low >= 1 / (1 + e) && iv.high <= 1 + e
      : Math.abs(iv.low) <= e * Math.abs(median(base)) && Math.abs(iv.high) <= e * Math.abs(median(base));
  return within && (iv.scale === 'ratio' || median(base) !== 0) ? 'equivalent' : 'continue';
}

function decidedText(outcome: SequentialOutcome, look: SequentialLook): string {
  const iv = look.interval;
  const range =
    iv === undefined
      ? ''
      : `, ${iv.scale} ${iv.estimate.toPrecision(3)} (${iv.low.toPrecision(3)}..${iv.high.toPrecision(3)} at ${(iv.level * 100).toFixed(1)}%)`;
  const where = `at look ${look.index} (${look.n} repetitions per side)`;
  if (outcome === 'equivalent') return `no difference beyond the margin ${where}${range}`;
  return `candidate ${outcome} ${where}: p = ${look.pValue.toPrecision(2)} <= ${look.alpha.toPrecision(2)}${range}`;
}

function checkPolicy(policy: SequentialPolicy): void {
  const { looks, alpha, equivalencePct } = policy;
  const bad = (what: string, hint: string): never => {
    throw new CnibenchError('USAGE', `sequential policy: ${what}`, { hint });
  };
  if (!(alpha > 0 && alpha < 1)) bad(`alpha ${alpha} is not between 0 and 1`, 'use e.g. 0.05');
  if (looks.length === 0)
    bad('no looks planned', 'plan looks in repetitions per side, e.g. [5, 8, 12, 16, 20]');
  looks.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 2 || (i > 0 && n <= looks[i - 1]!)) {
      bad(
        `looks [${looks.join(', ')}] must be rising whole numbers of at least 2`,
        'e.g. [5, 8, 12, 16, 20]',
      );
    }
  });
  if (equivalencePct !== null && !(equivalencePct > 0)) {
    bad(`equivalence margin ${equivalencePct}% is not positive`, 'use e.g. 5, or null for no margin');
  }
}
