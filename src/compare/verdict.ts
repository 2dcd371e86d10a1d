import { minRepetitionsFor, smallestPValue } from '../stats/rank-sum.js';
import type { MetricComparison, ShiftCi, Verdict } from './types.js';

/** The false-discovery rate verdicts are held to. */
export const ALPHA = 0.05;

export type Judged = Pick<MetricComparison, 'verdict' | 'reason' | 'needRepetitions' | 'significant'>;
export type Unjudged = Omit<MetricComparison, keyof Judged>;

/** Whether a test belongs to the false-discovery family: it has a p-value and could reach alpha. */
export function inFamily(m: Unjudged): boolean {
  return m.pValue !== null && m.test.minP !== null && m.test.minP <= m.test.alpha;
}

/**
 * The verdict of one metric from its test and its q-value (see `Verdict`), with the reason in
 * words. The one verdict function of compare and the Markdown report.
 */
export function judge(m: Unjudged): Judged {
  const alpha = m.test.alpha;
  const nb = m.baseline.values.length;
  const nc = m.candidate.values.length;
  const min = minRepetitionsFor(alpha);
  if (nb === 0 || nc === 0) {
    return inconclusive(min, `inconclusive: needs ${min} repetitions per side, has ${has(nb, nc)}`);
  }
  if (smallestPValue(nb, nc) > alpha) {
    const need = Math.max(min, m.powerRepetitions ?? 0);
    const floor = `the smallest p-value ${nb} against ${nc} can give is ${fmtP(smallestPValue(nb, nc))}`;
    const power =
      need > min
        ? `; at least ${min} to reach p <= ${alpha} at all, ${about(need)} to decide a difference this size with 80% power`
        : '';
    return inconclusive(
      need,
      `inconclusive: needs ${need} repetitions per side, has ${has(nb, nc)} (${floor}${power})`,
    );
  }
  const tested = equation('p', m.pValue);
  if (!inFamily(m)) {
    const why =
      new Set([...m.baseline.values, ...m.candidate.values]).size === 1
        ? 'all values are equal'
        : `the values tie so much that no split of them gives p <= ${alpha} (smallest ${fmtP(m.test.minP)})`;
    return {
      verdict: 'no-significant-difference',
      significant: false,
      needRepetitions: null,
      reason: `${tested}; ${why}`,
    };
  }
  const shown = `${tested}, ${equation('q', m.qValue)}; ${intervalText(m)}`;
  if (m.qValue !== null && m.qValue <= alpha) {
    if (m.better === 'none') return decided('different', `${shown}`);
    const up = (m.test.superiority ?? 0.5) > 0.5;
    const better = up === (m.better === 'higher');
    return decided(
      better ? 'better' : 'worse',
      `${shown}; ${up ? 'higher' : 'lower'} is ${better ? 'better' : 'worse'} for ${m.metric}`,
    );
  }
  // The test alone would call it, but not among all the tests compared: saying "no significant
  // difference" here would read as "no difference" while the interval excludes none.
  if (excludesNoChange(m)) {
    const need = Math.max(Math.min(nb, nc) + 1, m.powerRepetitions ?? 0);
    return inconclusive(
      need,
      `${shown}: the interval excludes no change, but the false-discovery control over all the tests compared does not call it; ${about(need)} repetitions per side would decide`,
    );
  }
  const more =
    m.powerRepetitions !== null && m.powerRepetitions > Math.min(nb, nc)
      ? `; ${about(m.powerRepetitions)} repetitions per side would decide a difference this size with 80% power`
      : '';
  return {
    verdict: 'no-significant-difference',
    significant: false,
    needRepetitions: null,
    reason: `${shown}${more}`,
  };
}

/** Whether the interval of the change leaves out "no change" (ratio 1, difference 0). */
function excludesNoChange(m: Pick<MetricComparison, 'ratioCi' | 'diffCi'>): boolean {
  if (m.ratioCi !== null) return m.ratioCi.low > 1 || m.ratioCi.high < 1;
  return m.diffCi !== null && (m.diffCi.low > 0 || m.diffCi.high < 0);
}

/** Estimates beyond this many repetitions are shown as "more than": the estimate is rough. */
export const MANY_REPETITIONS = 100;

function about(n: number): string {
  return n > MANY_REPETITIONS ? `more than ${MANY_REPETITIONS}` : `about ${n}`;
}

function decided(verdict: Verdict, reason: string): Judged {
  return { verdict, significant: true, needRepetitions: null, reason };
}

function inconclusive(need: number, reason: string): Judged {
  return { verdict: 'inconclusive', significant: false, needRepetitions: need, reason };
}

function has(nb: number, nc: number): string {
  return nb === nc ? String(nb) : `${nb} and ${nc}`;
}

/** "p = 0.0079", "p < 0.0001". */
function equation(name: string, p: number | null): string {
  const text = fmtP(p);
  return text.startsWith('<') ? `${name} ${text.replace('<', '< ')}` : `${name} = ${text}`;
}

/** "0.0079", "0.10", "<0.0001". */
export function fmtP(p: number | null): string {
  if (p === null) return '-';
  if (p < 0.0001) return '<0.0001';
  return p >= 0.1 ? p.toFixed(2) : p.toPrecision(2);
}

/** "ratio 0.900, 95% CI 0.882..0.920" (or of the difference), the level it really has. */
export function intervalText(m: Pick<MetricComparison, 'ratioCi' | 'diffCi'>): string {
  const ci: ShiftCi | null = m.ratioCi ?? m.diffCi;
  if (ci === null) return 'no interval';
  const name = m.ratioCi !== null ? 'ratio' : 'difference';
  const f = (x: number): string => (m.ratioCi !== null ? x.toFixed(3) : x.toPrecision(3));
  return `${name} ${f(ci.estimate)}, ${levelText(ci.level)} CI ${f(ci.low)}..${f(ci.high)}`;
}

export function levelText(level: number): string {
  return `${+(level * 100).toFixed(1)}%`;
}

/** The verdict in words: long for compare, short for the Markdown report's narrow cells. */
export function verdictLabel(
  m: Pick<MetricComparison, 'verdict' | 'needRepetitions'>,
  short = false,
): string {
  switch (m.verdict) {
    case 'better':
    case 'worse':
    case 'different':
      return m.verdict;
    case 'no-significant-difference':
      return short ? 'n.s.' : 'no significant difference';
    case 'inconclusive':
      if (m.needRepetitions === null) return 'inconclusive';
      return `inconclusive: needs ${m.needRepetitions > MANY_REPETITIONS ? `>${MANY_REPETITIONS}` : m.needRepetitions}${short ? '' : ' per side'}`;
  }
}
