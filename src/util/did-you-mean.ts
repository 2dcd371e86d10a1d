/** Edit distance (Levenshtein) between two short strings. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known word closest to `word`, when it is close enough to be a likely typo. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  let best: { w: string; d: number } | undefined;
  for (const w of known) {
    const d = editDistance(word.toLowerCase(), w.toLowerCase());
    if (best === undefined || d < best.d) best = { w, d };
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.w.length) / 3));
  return best.d <= limit || best.w.startsWith(word) ? best.w : undefined;
}
