import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { CnibenchError } from '../model/errors.js';
import { depthOf, MAX_DEPTH } from '../model/bounds.js';

/** The largest config file read: real ones are a few kilobytes; parsing stays well under a second. */
export const MAX_CONFIG_BYTES = 256 * 1024;

function invalid(message: string, hint: string): CnibenchError {
  return new CnibenchError('CONFIG_INVALID', message, { hint });
}

/** The deepest `[`/`{` nesting of flow collections, counted before parsing (the parser recurses). */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}

function line(text: string, offset: number | undefined): number {
  if (offset === undefined) return 0;
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Map keys must be plain text and unique; checked in one pass over the document (no recursion). */
function checkKeys(root: Node | null, text: string, file: string): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key: unknown = item.key;
        if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
          throw invalid(
            `${file}:${line(text, (key as Node | null)?.range?.[0])}: a key is not plain text`,
            'keys are names like `scenarios` or `duration`',
          );
        }
        const name = String(key.value);
        if (seen.has(name)) {
          throw invalid(
            `${file}:${line(text, key.range?.[0])}: "${name.slice(0, 60)}" appears twice in the same section`,
            'give every key once',
          );
        }
        seen.add(name);
        stack.push(item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}

/**
 * YAML or JSON text to plain data, within bounds: at most MAX_CONFIG_BYTES, nested at most
 * MAX_DEPTH levels, keys unique. Every problem is a CONFIG_INVALID error naming the file.
 */
export function parseConfigText(text: string, file: string): unknown {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_CONFIG_BYTES) {
    throw invalid(
      `${file} is ${(bytes / 1024).toFixed(0)} KiB; a config file may be at most ${MAX_CONFIG_BYTES / 1024} KiB`,
      'a config holds scenarios and suites: a few kilobytes; check that this is the right file',
    );
  }
  const tooDeep = (): CnibenchError =>
    invalid(
      `${file} is nested more than ${MAX_DEPTH} levels deep`,
      'no setting is nested that deep; check the brackets and indentation',
    );
  if (flowDepth(text) > MAX_DEPTH) throw tooDeep();
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    throw invalid(
      `${file} is not valid YAML/JSON: ${first.message.split('\n')[0]}`,
      'fix the syntax at the line shown',
    );
  }
  checkKeys(doc.contents, text, file);
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (depthOf(data, MAX_DEPTH) > MAX_DEPTH) throw tooDeep();
  return data ?? {};
}
