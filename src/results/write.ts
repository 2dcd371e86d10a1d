import { link, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CnibenchError } from '../model/errors.js';
import { sanitizeDocument } from './sanitize.js';
import { fallbackDirs, ioReason, makeDirs } from './output-dir.js';
import type { ResultDocument } from './schema.js';

/** How a writer reports that it had to write somewhere else, and where it may do so. */
export interface WriteOptions {
  /** Told once when a result goes to a fallback directory, and of any value left out. */
  note?: (message: string) => void;
  /** Directories tried, in order, when `dir` fails (default: `fallbackDirs()`). */
  fallbacks?: readonly string[];
}

function fileName(doc: ResultDocument): string {
  const stamp = doc.run.startedAt.replace(/[:.]/g, '').replace(/-/g, '').slice(0, 15);
  return `cnibench-${stamp}-${doc.run.id}.json`;
}

/** Where a run's result goes: `<dir>/cnibench-<started>-<run id>.json`. */
export function resultPath(dir: string, doc: ResultDocument): string {
  return join(dir, fileName(doc));
}

/** The partial document a run keeps up to date while it runs; replaced by the final one. */
export function partialPath(dir: string, doc: ResultDocument): string {
  return resultPath(dir, doc).replace(/\.json$/, '.partial.json');
}

/** Directories where this process wrote partial files, per run: the final write removes them all. */
const partialDirs = new Map<string, Set<string>>();
/** Runs whose partial saves already said they moved (said once, not after every repetition). */
const told = new Set<string>();

/** JSON of the document, credentials redacted, non-finite numbers left out (and noted). */
function serialise(doc: ResultDocument, opts: WriteOptions, pretty: boolean): string {
  const { doc: clean, dropped } = sanitizeDocument(doc);
  if (dropped.length > 0)
    opts.note?.(`left out ${dropped.length} value(s) that are not finite numbers: ${dropped.slice(0, 3).join(', ')}`);
  return pretty ? `${JSON.stringify(clean, null, 1)}\n` : JSON.stringify(clean);
}

/** Writes `text` to `file` through a temp file; `exclusive` never replaces an existing file. No temp file is left. */
async function writeVia(file: string, text: string, exclusive: boolean): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    if (exclusive) await link(tmp, file);
    else await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Tries `dir`, then each fallback; returns the file written and the failures before it. */
async function firstWritable(
  dirs: readonly string[],
  name: string,
  text: string,
  exclusive: boolean,
): Promise<{ file?: string; failed: string[] }> {
  const failed: string[] = [];
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      await makeDirs(dir);
      await writeVia(file, text, exclusive);
      return { file, failed };
    } catch (e) {
      failed.push(`${file}: ${ioReason(e)}`);
    }
  }
  return { failed };
}

/**
 * Replaces the run's partial file atomically. Never throws: when `dir` fails the partial goes
 * to a fallback directory (said once), and when every place fails the measurements stay in
 * memory for the final write. Returns the file written, if any.
 */
export async function savePartial(
  dir: string,
  doc: ResultDocument,
  opts: WriteOptions = {},
): Promise<string | undefined> {
  const name = fileName(doc).replace(/\.json$/, '.partial.json');
  const dirs = [dir, ...(opts.fallbacks ?? fallbackDirs())];
  const { file, failed } = await firstWritable(dirs, name, serialise(doc, {}, false), false);
  if (file !== undefined) {
    const seen = partialDirs.get(doc.run.id) ?? new Set<string>();
    seen.add(file);
    partialDirs.set(doc.run.id, seen);
  }
  if (failed.length > 0 && !told.has(doc.run.id)) {
    told.add(doc.run.id);
    opts.note?.(
      file === undefined
        ? `cannot save the partial result (${failed.join('; ')}); the measurements are kept in memory and written at the end`
        : `cannot save the partial result in ${dir} (${failed[0]}); saving it to ${file}`,
    );
  }
  return file;
}

/**
 * Writes the final document atomically and never over an existing file (a temp file
 * hard-linked to the final name), then removes the run's partial files. When `dir` fails
 * (read-only, full, gone), the result goes to the first fallback directory that works, and
 * `note` says where: a measured result is never lost. Only when every place fails does this
 * throw OUTPUT_FAILED, with the document itself in the error's details.
 */
export async function writeFinal(dir: string, doc: ResultDocument, opts: WriteOptions = {}): Promise<string> {
  const text = serialise(doc, opts, true);
  const dirs = [dir, ...(opts.fallbacks ?? fallbackDirs())];
  const { file, failed } = await firstWritable(dirs, fileName(doc), text, true);
  if (file === undefined) {
    throw new CnibenchError('OUTPUT_FAILED', `cannot write the result anywhere: ${failed.join('; ')}`, {
      hint: 'the result document is printed above; save it to a file by hand',
      details: text,
    });
  }
  if (failed.length > 0) opts.note?.(`cannot write ${failed[0]}; the result was saved to ${file} instead`);
  for (const p of [partialPath(dir, doc), ...(partialDirs.get(doc.run.id) ?? [])])
    await rm(p, { force: true }).catch(() => undefined);
  partialDirs.delete(doc.run.id);
  told.delete(doc.run.id);
  return file;
}
