import { readFile, stat } from 'node:fs/promises';
import { CnibenchError } from '../model/errors.js';
import { formatIssues } from '../config/issues.js';
import { RESULT_SCHEMA, ResultDocument } from './schema.js';

/** The largest result file read (a long run with every tool's raw output stays far below). */
export const MAX_RESULT_BYTES = 256 * 2 ** 20;

/** Reads and validates a result document; errors name the file and the field. */
export async function readResult(file: string): Promise<ResultDocument> {
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_RESULT_BYTES) {
      throw new CnibenchError(
        'RESULT_INVALID',
        `${file} is ${(size / 2 ** 20).toFixed(0)} MiB; a result file may be at most ${MAX_RESULT_BYTES / 2 ** 20} MiB`,
        { hint: 'this is not a cnibench result, or one damaged by appending to it' },
      );
    }
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof CnibenchError) throw e;
    throw new CnibenchError('RESULT_NOT_FOUND', `cannot read result file ${file}: ${(e as Error).message}`, {
      hint: 'give the path of a file written by `cnibench run` (see its last line)',
    });
  }
  return parseResult(text, file);
}

/** Parses and validates the text of a result document; `file` names it in errors. */
export function parseResult(text: string, file: string): ResultDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CnibenchError('RESULT_INVALID', `${file} is not JSON: ${(e as Error).message}`, {
      hint: 'the file is damaged or not a cnibench result; a run still in progress writes *.partial.json',
    });
  }
  const schema = (data as { schema?: unknown } | null)?.schema;
  if (schema !== RESULT_SCHEMA) {
    const found = typeof schema === 'string' ? JSON.stringify(schema.slice(0, 100)) : typeof schema === 'undefined' ? 'undefined' : `a ${typeof schema}`;
    throw new CnibenchError('RESULT_INVALID', `${file}: schema is ${found}, expected "${RESULT_SCHEMA}"`, {
      hint: 'this is not a cnibench result, or one from an incompatible version',
    });
  }
  const r = ResultDocument.safeParse(data);
  if (!r.success) {
    throw new CnibenchError('RESULT_INVALID', `${file} is not a valid result document:\n${formatIssues(r.error, file)}`, {
      hint: 'the file was edited or damaged; re-run the benchmark or restore the file',
    });
  }
  return r.data;
}
