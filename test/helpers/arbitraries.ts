import fc from 'fast-check';

/** Numbers that break naive parsers: overflow, underflow, not-a-number, negative zero, huge integers. */
export const HOSTILE_NUMBERS = [
  '1.5e308',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '0',
  '-1',
  '99999999999999999999999999',
  '1e-400',
  '5e-324',
  '0x1f',
  '',
  '.',
  '1.2.3',
] as const;

/** Names that break naive code: prototype keys, formulas, escape sequences, Markdown and HTML structure. */
export const HOSTILE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '=HYPERLINK("http://x","y")',
  '+1+cmd|calc',
  '-2+3',
  '@SUM(A1)',
  '\u001b]0;pwned\u0007',
  '\u001b[2J\u001b[H',
  'a\n# injected heading',
  'x | y | z',
  'a\r\nb',
  '<script>alert(1)</script>',
  '"quoted", comma',
  '\u202eevil',
  '',
  ' ',
  'ü漢字🙂',
  'x'.repeat(300),
] as const;

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'number'; which: number; by: string }
  | { kind: 'duplicate-line'; which: number }
  | { kind: 'drop-line'; which: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(...HOSTILE_NAMES),
      fc.constantFrom('{', '}', '[', ']', '"', ',', '\t', '\n', ':', '='),
    ),
  }),
  fc.record({
    kind: fc.constant('number' as const),
    which: fc.nat(),
    by: fc.constantFrom(...HOSTILE_NUMBERS),
  }),
  fc.record({
    kind: fc.constant('number' as const),
    which: fc.nat(),
    by: fc.constantFrom(...HOSTILE_NUMBERS),
  }),
  fc.record({ kind: fc.constant('duplicate-line' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('drop-line' as const), which: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  const at = (n: number): number => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.len);
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'number': {
      const spots = [...text.matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)];
      const hit = spots[spots.length === 0 ? 0 : m.which % spots.length];
      if (hit?.index === undefined) return text;
      return text.slice(0, hit.index) + m.by + text.slice(hit.index + hit[0].length);
    }
    case 'duplicate-line':
    case 'drop-line': {
      const lines = text.split('\n');
      const i = m.which % lines.length;
      if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i] ?? '');
      else lines.splice(i, 1);
      return lines.join('\n');
    }
  }
}

/** Texts made from real outputs by a few random edits (and, now and then, random text). */
export function mutated(bases: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 6 }))
        .map(([b, ms]) => ms.reduce(apply, b)),
    },
    { weight: 1, arbitrary: fc.constantFrom(...bases) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
  );
}
