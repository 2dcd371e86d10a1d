import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/...). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A saved real tool output from test/fixtures. */
export function fixture(...parts: string[]): string {
  return readFileSync(join(REPO_ROOT, 'test', 'fixtures', ...parts), 'utf8');
}
