import assert from 'node:assert/strict';
import { CnibenchError, type ErrorCode } from '../../../src/model/errors.js';
import type { ImportedFile, ImportedTest } from '../../../src/import/types.js';
import { fixture } from '../../helpers/paths.js';

/** A fixture of test/fixtures/import. */
export function importFixture(...parts: string[]): string {
  return fixture('import', ...parts);
}

/** The only test of a converted file. */
export function only(file: ImportedFile): ImportedTest {
  assert.equal(file.tests.length, 1, 'one test');
  const t = file.tests[0];
  assert.ok(t !== undefined);
  return t;
}

/** Asserts `f` throws a CnibenchError of `code` whose message matches `message`. */
export function throwsCode(f: () => unknown, code: ErrorCode, message: RegExp): CnibenchError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof CnibenchError, `expected a CnibenchError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, message);
  assert.ok(caught.hint !== undefined && caught.hint !== '', 'a hint says how to fix it');
  assert.equal(caught.exitCode, 2);
  return caught;
}

/** Gbit/s of an iperf3 text figure in MBytes/sec (binary megabytes, as iperf3 prints them). */
export function mbytesToGbps(mbytes: number): number {
  return (mbytes * 8 * 2 ** 20) / 1e9;
}

export function close(actual: number | undefined, expected: number, rel = 1e-9): void {
  assert.ok(actual !== undefined, 'value present');
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel + 1e-12, `${actual} ~ ${expected}`);
}
