import type { z } from 'zod';

/** `scenarios[1].profile` style path of a zod issue. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * One line per issue: where, what is wrong, and what is allowed. A value that came from a
 * command-line flag is named by its flag (`flags` maps config paths to flag names).
 */
export function formatIssues(
  error: z.ZodError,
  source: string,
  flags: ReadonlyMap<string, string> = new Map(),
): string {
  return error.issues
    .map((i) => {
      const path = issuePath(i.path);
      const flag = flags.get(path);
      return flag === undefined ? `  ${source}: ${path}: ${i.message}` : `  ${flag}: ${i.message}`;
    })
    .join('\n');
}
