import { mulberry32, type Rng } from '../../src/stats/prng.js';
import { rankSumTest } from '../../src/stats/rank-sum.js';
import { DEFAULT_SEQUENTIAL_POLICY, sequentialDecision } from '../../src/stats/sequential.js';

/**
 * The fixed number of repetitions with the same error rates as `--repeat auto`'s sequential
 * rule: the same false-verdict rate (the rank-sum test at the rule's alpha, 5%) and the same
 * power, taken at the shift the sequential rule finds 80% of the time by its cap. Found by
 * simulation with cnibench's own rule and test, on normal noise (the rank tests do not depend
 * on the noise's scale, only on shift / spread).
 */
export interface Equivalent {
  /** The shift, in standard deviations of the noise, at which the sequential rule has `power`. */
  shiftSd: number;
  power: number;
  /** Fixed repetitions per side with at least that power at the same alpha. */
  fixedN: number;
  fixedPower: number;
  /** The sequential rule's mean repetitions per side at that shift (it stops early when it can). */
  sequentialMeanN: number;
  alpha: number;
  cap: number;
  simulations: number;
}

const SIMS = 1500;

function normals(rng: Rng, n: number, shift: number): number[] {
  return Array.from({ length: n }, () => {
    const u = 1 - rng();
    const v = rng();
    return shift + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

/** Chance the sequential rule decides better/worse by its cap, and its mean repetitions per side. */
export function sequentialPower(shiftSd: number, sims = SIMS, seed = 1): { power: number; meanN: number } {
  const rng = mulberry32(seed);
  const cap = DEFAULT_SEQUENTIAL_POLICY.looks.at(-1)!;
  let decided = 0;
  let reps = 0;
  for (let i = 0; i < sims; i++) {
    // positive values (the rule works on ratios): noise of sd 1 on a log scale around 10
    const base = normals(rng, cap, 10).map(Math.exp);
    const cand = normals(rng, cap, 10 + shiftSd).map(Math.exp);
    const d = sequentialDecision(base, cand, DEFAULT_SEQUENTIAL_POLICY);
    const at = d.look?.n ?? cap;
    if (d.outcome === 'better' || d.outcome === 'worse') decided++;
    reps += d.stop ? at : cap;
  }
  return { power: decided / sims, meanN: reps / sims };
}

/** Chance a fixed-n rank-sum test at `alpha` finds the shift. */
export function fixedPower(n: number, shiftSd: number, alpha: number, sims = SIMS, seed = 2): number {
  const rng = mulberry32(seed);
  let hits = 0;
  for (let i = 0; i < sims; i++) {
    if (rankSumTest(normals(rng, n, 0), normals(rng, n, shiftSd)).pValue <= alpha) hits++;
  }
  return hits / sims;
}

/** The shift where the sequential rule reaches `power` (bisection), and the fixed n that matches it. */
export function equivalentFixedN(power = 0.8): Equivalent {
  const alpha = DEFAULT_SEQUENTIAL_POLICY.alpha;
  let lo = 0.2;
  let hi = 3;
  for (let i = 0; i < 12; i++) {
    const mid = (lo + hi) / 2;
    if (sequentialPower(mid).power < power) lo = mid;
    else hi = mid;
  }
  const shiftSd = hi;
  const seq = sequentialPower(shiftSd);
  let n = 4;
  let p = fixedPower(n, shiftSd, alpha);
  while (p < seq.power && n < 100) p = fixedPower(++n, shiftSd, alpha);
  return {
    shiftSd,
    power: seq.power,
    fixedN: n,
    fixedPower: p,
    sequentialMeanN: seq.meanN,
    alpha,
    cap: DEFAULT_SEQUENTIAL_POLICY.looks.at(-1)!,
    simulations: SIMS,
  };
}
