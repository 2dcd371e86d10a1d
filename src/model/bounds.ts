import { z } from 'zod';

/**
 * Bounds on what cnibench reads (config and result files), so that any input gets a clear
 * message instead of a crash, a hang or an unreadable error.
 */

/** Deepest nesting of free-form data (settings, parameters): real ones are a few levels. */
export const MAX_DEPTH = 32;

/** Longest name (scenario, variant, metric, unit, placement, ...) a result file may carry. */
export const MAX_NAME = 1024;

/** Most entries in free-form data (a scenario's settings, a run's parameters). */
export const MAX_ENTRIES = 10_000;

/** How deep `value` nests (a scalar is 0), counted without recursion; stops once past `limit`. */
export function depthOf(value: unknown, limit = MAX_DEPTH): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Object.values(v as object)) stack.push([child, depth]);
  }
  return max;
}

/** How many values `value` holds in all, counted without recursion; stops once past `limit`. */
export function sizeOf(value: unknown, limit = MAX_ENTRIES): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && n <= limit) {
    const v = stack.pop();
    n++;
    if (v !== null && typeof v === 'object')
      for (const child of Object.values(v as object)) stack.push(child);
  }
  return n;
}

/**
 * Where `value` holds a number that is not finite (JSON's 1e999 reads as Infinity, YAML has
 * .inf and .nan), as a dotted path; undefined if none. Counted without recursion.
 */
export function nonFiniteAt(value: unknown, limit = MAX_ENTRIES): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  for (let n = 0; stack.length > 0 && n <= limit; n++) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) return path;
    if (v !== null && typeof v === 'object')
      for (const [k, child] of Object.entries(v as object))
        stack.push([child, path === '' ? k : `${path}.${k}`]);
  }
  return undefined;
}

/** Free-form data (settings, parameters) of bounded depth and size, its numbers finite. */
export function boundedRecord() {
  return z.record(z.string().max(MAX_NAME), z.unknown()).superRefine((v, ctx) => {
    if (depthOf(v) > MAX_DEPTH)
      ctx.addIssue({ code: 'custom', message: `nested more than ${MAX_DEPTH} levels deep` });
    else if (sizeOf(v) > MAX_ENTRIES)
      ctx.addIssue({ code: 'custom', message: `more than ${MAX_ENTRIES} values` });
    else {
      const at = nonFiniteAt(v);
      if (at !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: `${at} is not a finite number (a number too large, or NaN)`,
        });
    }
  });
}

/** A name in a result file: text of bounded length. */
export const boundedName = z.string().max(MAX_NAME);
