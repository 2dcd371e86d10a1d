/**
 * Benjamini-Hochberg q-values: the smallest false-discovery rate at which each test would be
 * called a discovery. Calling every test with q <= alpha significant keeps the expected share
 * of false ones among the called at most alpha (for independent or positively dependent
 * tests). `null` entries (tests left out of the family) stay null and do not count.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const present = pValues
    .map((p, i) => [p, i] as const)
    .filter((e): e is readonly [number, number] => e[0] !== null)
    .sort((a, b) => a[0] - b[0]);
  const k = present.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let r = k; r >= 1; r--) {
    const [p, i] = present[r - 1]!;
    running = Math.min(running, (p * k) / r);
    out[i] = running;
  }
  return out;
}

/** How many tests at level `alpha` would come out significant by noise alone, on average. */
export function expectedFalsePositives(tests: number, alpha = 0.05): number {
  return tests * alpha;
}

/** "with 66 comparisons at 5%, noise alone would give about 3.3 significant ones". */
export function noiseSentence(tests: number, alpha = 0.05): string {
  const x = expectedFalsePositives(tests, alpha);
  const about = x < 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(0);
  const pct = `${+(alpha * 100).toPrecision(3)}%`;
  return `with ${tests} comparison${tests === 1 ? '' : 's'} at ${pct}, noise alone would give about ${about} significant one${about === '1' ? '' : 's'}`;
}
