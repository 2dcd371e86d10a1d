import { importError, lineOf } from './fail.js';

/**
 * JSON.parse with errors that name the file and line. Node's own message gives the offset in
 * some versions only, so the offset of the first syntax error is found by a small scan.
 */
export function parseJsonFile(text: string, file: string, hint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = errorOffset(text);
    throw importError(
      file,
      at === undefined ? undefined : lineOf(text, at),
      `is not JSON: ${(e as Error).message.split('\n')[0] ?? ''}`,
      hint,
    );
  }
}

/** Offset of the first character where `text` stops being JSON, or undefined if it is JSON. */
export function errorOffset(text: string): number | undefined {
  const s = { text, i: 0 };
  try {
    value(s);
    ws(s);
    return s.i < text.length ? s.i : undefined;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    throw e;
  }
}

class Stop {
  constructor(readonly at: number) {}
}

interface Scan {
  text: string;
  i: number;
}

function ws(s: Scan): void {
  while (s.i < s.text.length && ' \t\r\n'.includes(s.text[s.i]!)) s.i++;
}

function value(s: Scan): void {
  ws(s);
  const c = s.text[s.i];
  if (c === '{') return container(s, '}', true);
  if (c === '[') return container(s, ']', false);
  if (c === '"') return string(s);
  const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.text.slice(s.i, s.i + 400));
  if (m === null) throw new Stop(s.i);
  s.i += m[0].length;
}

function container(s: Scan, close: string, keyed: boolean): void {
  s.i++;
  ws(s);
  if (s.text[s.i] === close) {
    s.i++;
    return;
  }
  for (;;) {
    if (keyed) {
      ws(s);
      if (s.text[s.i] !== '"') throw new Stop(s.i);
      string(s);
      ws(s);
      if (s.text[s.i] !== ':') throw new Stop(s.i);
      s.i++;
    }
    value(s);
    ws(s);
    const c = s.text[s.i];
    s.i++;
    if (c === close) return;
    if (c !== ',') throw new Stop(s.i - 1);
  }
}

function string(s: Scan): void {
  s.i++;
  while (s.i < s.text.length) {
    const c = s.text[s.i];
    if (c === '"') {
      s.i++;
      return;
    }
    if (c === '\\') s.i++;
    else if (c === '\n') throw new Stop(s.i);
    s.i++;
  }
  throw new Stop(s.i);
}
