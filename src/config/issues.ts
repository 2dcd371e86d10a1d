import type { z } from 'zod';

/** `scenarios[1].profile` style path of a zod issue. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    const key = String(p).slice(0, 80); // a hostile key is named, not repeated in full
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? key : `.${key}`;
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
  const lines = error.issues.slice(0, MAX_ISSUES).map((i) => {
    const path = issuePath(i.path);
    const flag = flags.get(path);
    const message = i.message.length > 300 ? `${i.message.slice(0, 300)}...` : i.message;
    return flag === undefined ? `  ${source}: ${path}: ${message}` : `  ${flag}: ${message}`;
  });
  const more = error.issues.length - MAX_ISSUES;
  if (more > 0) lines.push(`  ... and ${more} more (fix these first)`);
  return lines.join('\n');
}

/** Issues listed in one message; the rest are counted (a broken file may have thousands). */
export const MAX_ISSUES = 20;
