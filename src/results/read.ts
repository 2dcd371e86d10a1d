import { readFile } from 'node:fs/promises';
import { CnibenchError } from '../model/errors.js';
import { formatIssues } from '../config/issues.js';
import { RESULT_SCHEMA, ResultDocument } from './schema.js';

/** Reads and validates a result document; errors name the file and the field. */
export async function readResult(file: string): Promise<ResultDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CnibenchError('RESULT_NOT_FOUND', `cannot read result file ${file}: ${(e as Error).message}`, {
      hint: 'give the path of a file written by `cnibench run` (see its last line)',
    });
  }
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
    throw new CnibenchError('RESULT_INVALID', `${file}: schema is ${JSON.stringify(schema)}, expected "${RESULT_SCHEMA}"`, {
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
