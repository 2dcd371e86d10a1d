import { mkdir, open, readdir, rm, rmdir, statfs } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { CnibenchError } from '../model/errors.js';

/** Free space a run's output directory must have before anything is measured. */
export const MIN_FREE_BYTES = 32 * 1024 * 1024;

/** A temp file of the result writer: `cnibench-<stamp>-<run>[.partial].json.tmp-<pid>`. */
const TEMP_FILE = /^cnibench-[0-9T]+-[a-z0-9]+(\.partial)?\.json\.tmp-(\d+)$/;

/** Where results go when the output directory fails while a run writes (never lost). */
export function fallbackDirs(): string[] {
  return [...new Set([join(tmpdir(), 'cnibench-results'), '/var/tmp/cnibench-results'])];
}

/**
 * `mkdir -p` that reports the real reason: Node's recursive mkdir says ENOENT when a parent
 * cannot be made (a read-only file system, a file in the way); made one level at a time, the
 * kernel's own error (EROFS, ENOTDIR, EACCES) comes out. Resolves with the first directory made.
 */
export async function makeDirs(dir: string): Promise<string | undefined> {
  try {
    return await mkdir(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const missing: string[] = [];
    for (let d = resolve(dir); !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
    for (const d of missing) await mkdir(d); // throws the real error
    return missing[0];
  }
}

/** The errno code of a failed file operation, in words a user can act on. */
export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exceeded',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EEXIST: 'the file exists already',
    EIO: 'input/output error',
  };
  const code = err?.code;
  return code !== undefined && Object.prototype.hasOwnProperty.call(words, code)
    ? `${words[code]} (${code})`
    : (err?.message ?? String(e));
}

/**
 * Checks, before a run measures anything, that its result can be written to `dir`: the
 * directory can be created, a file written and removed, and `minFree` bytes are free. Temp
 * files of killed runs found there are removed. Throws OUTPUT_UNWRITABLE naming the reason.
 */
export async function checkOutputDir(dir: string, minFree = MIN_FREE_BYTES): Promise<void> {
  const where = resolve(dir);
  const fail = (reason: string, hint = 'choose another directory with --out-dir'): CnibenchError =>
    new CnibenchError('OUTPUT_UNWRITABLE', `cannot write results to ${where}: ${reason}`, { hint });
  const probe = join(where, `.cnibench-write-check-${process.pid}`);
  let created: string | undefined;
  try {
    created = await makeDirs(where);
    const fh = await open(probe, 'w');
    try {
      await fh.write(Buffer.alloc(4096));
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw fail(ioReason(e));
  } finally {
    if (existsSync(probe)) await rm(probe, { force: true }).catch(() => undefined);
  }
  const fs = await statfs(where);
  // A directory the check made is made again by the first write: a run that fails first leaves none.
  if (created !== undefined) await rmEmpty(where, created);
  const free = fs.bavail * fs.bsize;
  if (free < minFree) {
    throw fail(
      `only ${mib(free)} free, a run needs at least ${mib(minFree)}`,
      'free some space there, or choose another directory with --out-dir',
    );
  }
  await removeDebris(where);
}

/** Removes the empty directories from `dir` up to `top`, which mkdir created. */
async function rmEmpty(dir: string, top: string): Promise<void> {
  for (let d = dir; d.startsWith(top); d = dirname(d)) {
    if (!(await rmdir(d).then(() => true, () => false)) || d === top) return;
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Removes the result writer's temp files whose process is gone (a run killed while it wrote). */
export async function removeDebris(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = TEMP_FILE.exec(name);
    if (m === null || existsSync(`/proc/${m[2]}`)) continue;
    await rm(join(dir, name), { force: true }).catch(() => undefined);
    removed.push(join(dir, name));
  }
  return removed;
}
