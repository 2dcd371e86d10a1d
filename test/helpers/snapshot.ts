import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/__snapshots__ in the source tree (this file runs from dist/test/helpers). */
export const SNAPSHOT_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test',
  '__snapshots__',
);

/**
 * Compares `actual` with the stored snapshot `name`. A missing snapshot fails (everywhere, not
 * only in CI); `UPDATE_SNAPSHOTS=1` writes or rewrites it. Snapshots no test names any more
 * fail `test/unit/snapshots.test.ts`.
 */
export function matchSnapshot(name: string, actual: string): void {
  const file = join(SNAPSHOT_DIR, name);
  if (process.env['UPDATE_SNAPSHOTS'] === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    assert.fail(
      `snapshot ${name} is missing; check the output, then run the tests once with UPDATE_SNAPSHOTS=1`,
    );
  const expected = readFileSync(file, 'utf8');
  assert.equal(
    actual,
    expected,
    `snapshot ${name} differs; if the change is intended, rerun with UPDATE_SNAPSHOTS=1`,
  );
}
