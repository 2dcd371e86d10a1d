import { z } from 'zod';

/**
 * Field schemas shared by the config file, the targets' scenario schemas and the measurements'
 * specs. Durations are parsed here, once: everything after the boundary sees seconds.
 */

/** Scenario and suite names: they become file, namespace and label parts. */
export const nameField = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'use lower-case letters, digits, ".", "_" or "-" (at most 63)');

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** The longest duration anything accepts: a day (timers beyond about 24.8 days overflow in Node). */
export const MAX_DURATION_S = 86_400;

/** Seconds from "500ms", "10s", "2m", "1h" or a bare number of seconds; undefined if it is none of these. */
export function durationSeconds(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const m = DURATION.exec(value.trim());
  return m ? Number(m[1]) * SECONDS[m[2] ?? 's']! : undefined;
}

/**
 * A duration as a number of seconds or text like `10s`, `500ms`, `2m`; parsed to seconds.
 * `positive` rejects 0 (a measured time); every duration is at most a day.
 */
export function durationField(opts: { positive?: boolean } = {}) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    const s = durationSeconds(v);
    if (s === undefined || s < 0) {
      ctx.addIssue({ code: 'custom', message: 'write a duration like 10s, 500ms or 2m' });
      return z.NEVER;
    }
    if (opts.positive === true && s === 0) {
      ctx.addIssue({ code: 'custom', message: 'must be longer than 0' });
      return z.NEVER;
    }
    if (s > MAX_DURATION_S) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_DURATION_S} s (24h)` });
      return z.NEVER;
    }
    return s;
  });
}

/** A bit rate as iperf3 and tc write it: `1G`, `100M`, `10gbit`. */
export const bitrateField = z
  .string()
  .regex(/^\d+(\.\d+)?\s*[kKmMgGtT]?(bit|bps|b)?(\/s)?$/, 'write a rate like 1G or 100M');

/** A byte size like `256M` or `64K` (binary units). */
export const sizeField = z.string().regex(/^\d+[KMG]?$/, 'write a size like 256M or 64K');
