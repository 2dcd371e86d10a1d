import { link, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CnibenchError } from '../model/errors.js';
import type { ResultDocument } from './schema.js';

/** Where a run's result goes: `<dir>/cnibench-<started>-<run id>.json`. */
export function resultPath(dir: string, doc: ResultDocument): string {
  const stamp = doc.run.startedAt.replace(/[:.]/g, '').replace(/-/g, '').slice(0, 15);
  return join(dir, `cnibench-${stamp}-${doc.run.id}.json`);
}

/** The partial document a run keeps up to date while it runs; replaced by the final one. */
export function partialPath(dir: string, doc: ResultDocument): string {
  return resultPath(dir, doc).replace(/\.json$/, '.partial.json');
}

/** Replaces the run's own partial file atomically (temp file + rename). */
export async function savePartial(dir: string, doc: ResultDocument): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = partialPath(dir, doc);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(doc));
  await rename(tmp, file);
  return file;
}

/**
 * Writes the final document atomically and never over an existing file: the content goes to
 * a temp file, which is hard-linked to the final name (failing if it exists), then the partial
 * file is removed.
 */
export async function writeFinal(dir: string, doc: ResultDocument): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = resultPath(dir, doc);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(doc, null, 1)}\n`);
  try {
    await link(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CnibenchError('OUTPUT_EXISTS', `cannot write ${file}: ${code === 'EEXIST' ? 'it exists already' : (e as Error).message}`, {
      hint: `the data is kept in ${tmp}; choose another --out-dir directory`,
    });
  }
  await unlink(tmp);
  await unlink(partialPath(dir, doc)).catch(() => undefined);
  return file;
}
