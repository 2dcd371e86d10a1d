/**
 * The order scenarios take their repetitions in (docs/statistics.md, "Interleaving"). Odd rounds
 * go forward, even rounds backward (A B C, C B A, A B C, ...): over each pair of rounds every
 * scenario holds every position once, so a drift that is linear in time hits all alike, and
 * consecutive rounds never put the same scenario first twice in a row.
 */
export function roundOrder<T>(round: number, items: readonly T[]): T[] {
  return round % 2 === 1 ? [...items] : [...items].reverse();
}

/** The pattern's name, as the result records it. */
export const ORDER_PATTERN = 'ABBA: forward in odd rounds, backward in even rounds';
