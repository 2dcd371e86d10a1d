import { redact } from '../model/redact.js';
import type { ResultDocument } from './schema.js';

const DROP = Symbol('drop');

/** Objects that are one figure: a non-finite field makes the whole object meaningless. */
function isWhole(o: Record<string, unknown>): boolean {
  return 'metric' in o && 'median' in o; // a summary (recomputed from the repetitions by readers)
}

/** Deeper than any document cnibench writes (inputs are bounded far below this). */
const MAX_DEPTH = 256;

function clean(value: unknown, path: string, dropped: string[], depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    dropped.push(`${path} = ${String(value)}`);
    return DROP;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((v, i) => {
      const c = clean(v, `${path}[${i}]`, dropped, depth + 1);
      // a tuple (a series point) that lost an element is dropped whole
      if (c !== DROP && !(Array.isArray(v) && Array.isArray(c) && c.length !== v.length)) out.push(c);
    });
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let lost = false;
    for (const k of Object.keys(o)) {
      const c = clean(o[k], `${path}.${k}`, dropped, depth + 1);
      if (c === DROP) lost = true;
      else Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    }
    return lost && isWhole(o) ? DROP : out;
  }
  return value;
}

/**
 * The document as it may be saved: credentials redacted from every string, and without
 * non-finite numbers (NaN, Infinity), which JSON cannot carry and which would make the saved
 * file unreadable: such a value is dropped (a summary holding one is dropped whole), and each
 * drop is noted in its repetition, if any, and returned.
 */
export function sanitizeDocument(doc: ResultDocument): { doc: ResultDocument; dropped: string[] } {
  const dropped: string[] = [];
  const out = clean(doc, 'document', dropped) as ResultDocument;
  for (const d of dropped) {
    const m = /^document\.results\[(\d+)\]\.repetitions\[(\d+)\]/.exec(d);
    const rep = m ? out.results[Number(m[1])]?.repetitions[Number(m[2])] : undefined;
    rep?.notes.push(`not a finite number, left out: ${d.replace(/^document\./, '')}`);
  }
  return { doc: out, dropped };
}
