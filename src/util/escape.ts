/**
 * Neutralisation of untrusted text (names and messages from config and result files) for each
 * output: CSV cells that a spreadsheet would run as formulas, terminal control sequences, and
 * Markdown structure. HTML and XML have their own escapers next to their renderers.
 */

/**
 * C0 and C1 control characters, DEL, and the Unicode bidirectional overrides and isolates that
 * reorder what a terminal or editor shows.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text safe to print on a terminal: every control character shown as an escape (`\x1b`), never obeyed. */
export function terminalText(s: string): string {
  return s.replace(CONTROL, visible);
}

/** Characters that start a formula in spreadsheets (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A CSV cell: numbers as they are (non-finite ones empty), text quoted when it must be, and text
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'`.
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Inline Markdown text (a table cell, a list item): line breaks become spaces, control
 * characters escapes, and the characters that make tables, emphasis, links, code, headings
 * and HTML are backslash-escaped.
 */
export function markdownText(s: string): string {
  return s
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(CONTROL, visible)
    .replace(/[\\|`*_<>[\]#!~]/g, (c) => `\\${c}`);
}
