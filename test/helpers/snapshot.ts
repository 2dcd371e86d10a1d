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
 * Compares `actual` with the stored snapshot `name`. `UPDATE_SNAPSHOTS=1` rewrites it; a
 * missing snapshot is written on first run, except under CI where it fails.
 */
export function matchSnapshot(name: string, actual: string): void {
  const file = join(SNAPSHOT_DIR, name);
  const update = process.env['UPDATE_SNAPSHOTS'] === '1';
  if (update || (!existsSync(file) && process.env['CI'] === undefined)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    assert.fail(`snapshot ${name} is missing; run the tests once with UPDATE_SNAPSHOTS=1`);
  const expected = readFileSync(file, 'utf8');
  assert.equal(
    actual,
    expected,
    `snapshot ${name} differs; if the change is intended, rerun with UPDATE_SNAPSHOTS=1`,
  );
}
