import { CnibenchError } from '../model/errors.js';

/** An input error of an imported file, naming the file and, where known, the line. */
export function importError(
  file: string,
  line: number | undefined,
  message: string,
  hint: string,
): CnibenchError {
  const where = line === undefined ? file : `${file}:${line}`;
  return new CnibenchError('IMPORT_INVALID', `${where}: ${message}`, { hint });
}

/** A number read from a file; anything but a finite number is an error naming the place. */
export function finiteNumber(text: string, file: string, line: number, what: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw importError(
      file,
      line,
      `${what} "${text}" is not a finite number`,
      'the file is damaged or was edited; import the tool output as it printed it',
    );
  }
  return value;
}

/** 1-based line number of a character offset in a text. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
