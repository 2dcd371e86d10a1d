import type { ErrorCode } from '../model/errors.js';

/** A parser's verdict: figures, or why there are none. Parsers are pure and never throw. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/**
 * A parser's figures. A value that is not a finite number (a field that overflowed, `nan` in
 * the output) makes them invalid: it must never reach a result file.
 */
export function parsed<T>(value: T): ParseResult<T> {
  const bad = firstNonFinite(value);
  return bad === undefined
    ? { ok: true, value }
    : { ok: false, code: 'TOOL_OUTPUT_INVALID', message: `the output holds a value out of range (${bad})` };
}

/** The path of the first number in `value` that is not finite, if any (walked without recursion). */
export function firstNonFinite(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, 'value']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${path} = ${v}`;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) stack.push([c, `${path}.${k}`]);
    }
  }
  return undefined;
}

export function unparsable<T>(code: ErrorCode, message: string): ParseResult<T> {
  return { ok: false, code, message };
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Removes terminal colour sequences (sockperf colours some lines even when piped). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** A finite number from text, or undefined. */
export function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** Sorted copy. */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * At most `max` values that keep the distribution of `values`: the sorted values themselves
 * when there are few enough, else `max` evenly spaced order statistics (so percentiles merged
 * across repetitions stay right while result files stay small).
 */
export function compactSamples(values: readonly number[], max = 5_000): number[] {
  const xs = sorted(values);
  if (xs.length <= max) return xs;
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (max - 1))]!);
  return out;
}

/** Rounds to `digits` decimals, for compact result files. */
export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
