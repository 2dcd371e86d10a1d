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

/** One line per issue: where, what is wrong, and what is allowed. */
export function formatIssues(error: z.ZodError, source: string): string {
  return error.issues.map((i) => `  ${source}: ${issuePath(i.path)}: ${i.message}`).join('\n');
}
