/** The list as a non-empty tuple (what zod's enums and unions take); an empty list is a programming error. */
export function nonEmpty<T>(items: readonly T[], what: string): [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error(`${what}: the list is empty`);
  return [first, ...rest];
}
