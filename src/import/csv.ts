import { importError } from './fail.js';

/** One CSV record and the line it starts on (1-based). */
export interface CsvRow {
  line: number;
  fields: string[];
  /** The record's text as in the file. */
  text: string;
}

/**
 * Reads CSV as Go's encoding/csv writes it (RFC 4180: commas, double-quoted fields with "" for
 * a quote, CRLF or LF). Blank lines are skipped. An unterminated quote is an error naming its line.
 */
export function readCsv(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const startLine = line;
    const startAt = i;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
      } else if (c === '\n' || c === '\r') {
        break;
      } else {
        field += c;
        atFieldStart = false;
      }
    }
    if (quoted)
      throw importError(
        file,
        startLine,
        'a quoted CSV field is not closed',
        'the file is cut short or damaged',
      );
    fields.push(field);
    const recordText = text.slice(startAt, i);
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    if (recordText.trim() !== '') rows.push({ line: startLine, fields, text: recordText });
  }
  return rows;
}
