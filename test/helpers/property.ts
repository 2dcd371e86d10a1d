import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CnibenchError, type ErrorCode } from '../../src/model/errors.js';
import { count, nonFinite } from './reliability.js';

/**
 * No single input may take more CPU time than this (a hang is a failure). CPU time, not wall
 * time: on a shared, busy machine the same input takes several times longer by the clock.
 */
export const CASE_LIMIT_MS = 2000;

/** Wall-clock bound of one input, for waits that burn no CPU. */
export const CASE_WALL_LIMIT_MS = 20_000;

/** Cases per property: `CNIBENCH_PROPERTY_SCALE` multiplies them (0.1 for a quick look, 10 for a long hunt). */
export function runs(n: number): number {
  const scale = Number(process.env.CNIBENCH_PROPERTY_SCALE ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Fixed seeds in CI, so that a failure there can be replayed; random ones elsewhere. */
export function seedOptions(): { seed?: number } {
  return process.env.CI ? { seed: 20_261_122 } : {};
}

/**
 * What one input did: a value (checked for non-finite numbers), or a coded CnibenchError. An
 * uncaught exception of another kind is a crash: counted, then thrown to fail the property.
 */
export async function oneCase<T>(
  what: string,
  run: () => T | Promise<T>,
  check?: (v: T) => void,
): Promise<T | CnibenchError> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let out: T | CnibenchError;
  try {
    out = await run();
  } catch (e) {
    if (!(e instanceof CnibenchError)) {
      count('crashes', 1, `${what}: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`);
      throw e;
    }
    out = e;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  assert.ok(cpuMs < CASE_LIMIT_MS, `${what} took ${cpuMs.toFixed(0)} ms of CPU on one input`);
  assert.ok(ms < CASE_WALL_LIMIT_MS, `${what} took ${ms.toFixed(0)} ms on one input`);
  if (out instanceof CnibenchError) {
    assert.match(out.code, /^[A-Z][A-Z0-9_]+$/, `${what}: error without a code`);
    assert.ok(
      out.message.length > 0 && out.message.length < 20_000,
      `${what}: message of ${out.message.length} characters`,
    );
  } else {
    assert.deepEqual(nonFinite(out).slice(0, 3), [], `${what} gave non-finite numbers`);
    check?.(out);
  }
  return out;
}

/** Runs a property, adds its cases to the `inputs` counter, and fails with fast-check's report. */
export async function property<T>(
  what: string,
  arb: fc.Arbitrary<T>,
  n: number,
  body: (input: T) => Promise<void> | void,
): Promise<void> {
  let tried = 0;
  const details = await fc.check(
    fc.asyncProperty(arb, async (input) => {
      tried += 1;
      await body(input);
    }),
    { numRuns: runs(n), ...seedOptions(), endOnFailure: true },
  );
  count('inputs', tried, what);
  if (details.failed) {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const input = JSON.stringify(details.counterexample?.[0])?.slice(0, 600) ?? '?';
    assert.fail(
      `${what}: ${cause}\non input (${input.length >= 600 ? 'cut' : 'whole'}): ${input}\nreplay: seed ${details.seed}, path "${details.counterexamplePath ?? ''}"`,
    );
  }
}

/** A parser's own failure value (`{ ok: false, code, message }`) must carry a code. */
export function assertCoded(r: { ok: boolean; code?: ErrorCode; message?: string }, what: string): void {
  if (r.ok) return;
  assert.match(r.code ?? '', /^[A-Z][A-Z0-9_]+$/, `${what}: failure without a code`);
  assert.ok((r.message ?? '').length > 0, `${what}: failure without a message`);
}
