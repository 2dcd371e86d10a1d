import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { SNAPSHOT_DIR } from '../helpers/snapshot.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('every stored snapshot is still named by a test (no stale snapshots)', () => {
  const sources = files(join(REPO_ROOT, 'test'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const stored = files(SNAPSHOT_DIR).map((f) => relative(SNAPSHOT_DIR, f));
  assert.ok(stored.length > 0, 'the snapshot directory is found');
  const stale = stored.filter((name) => !sources.includes(`matchSnapshot('${name}'`));
  assert.deepEqual(stale, [], `stale snapshots (delete them, or name them in a test): ${stale.join(', ')}`);
});
