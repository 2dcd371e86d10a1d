import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareResults } from '../../../src/compare/compare.js';
import { COMPARE_FORMATS, renderComparison } from '../../../src/compare/render.js';
import type { Comparison } from '../../../src/compare/types.js';
import type { CnibenchError } from '../../../src/model/errors.js';
import { RENDERERS } from '../../../src/report/index.js';
import { parseResult } from '../../../src/results/read.js';
import type { ResultDocument } from '../../../src/results/schema.js';
import { docArb } from '../../helpers/doc-arbitrary.js';
import { oneCase, property } from '../../helpers/property.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/** The cells of CSV text (RFC 4180 quoting), row by row. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',' || c === '\n') {
      row.push(cell);
      cell = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    } else {
      cell += c;
    }
  }
  return rows;
}

/** What every output must hold, whatever the names in the documents. */
function checkOutput(format: string, text: string, docs: readonly ResultDocument[]): void {
  assert.equal(typeof text, 'string');
  const bad = /\bNaN\b|Infinity/.exec(text);
  assert.ok(
    bad === null,
    `${format}: a non-finite number in the output: ...${text.slice(Math.max(0, (bad?.index ?? 0) - 120), (bad?.index ?? 0) + 40)}`,
  );
  if (format === 'terminal' || format === 'md')
    assert.ok(!CONTROL.test(text), `${format}: a control character reaches the output`);
  if (format === 'csv') {
    const rows = csvRows(text);
    for (const r of rows) {
      assert.equal(r.length, rows[0]!.length, "csv: every row has the header's columns");
      for (const c of r)
        assert.ok(
          !FORMULA.test(c) || NUMBER.test(c),
          `csv: a cell a spreadsheet would run: ${JSON.stringify(c)}`,
        );
    }
  }
  if (format === 'md') {
    const table = text.split('\n').filter((l) => l.startsWith('|'));
    const cells = (l: string): number => l.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
    for (const l of table) assert.equal(cells(l), cells(table[0]!), `md: a row breaks the table: ${l}`);
    assert.ok(!/^#+ injected/m.test(text), 'md: a name became a heading');
  }
  if (format === 'html') {
    assert.equal(
      (text.match(/<script/g) ?? []).length,
      1,
      'html: the only script element is the embedded JSON',
    );
    assert.ok(!text.includes('<script>alert'), 'html: markup from a name');
  }
  if (format === 'json') {
    const back = JSON.parse(text) as ResultDocument | ResultDocument[];
    const list = Array.isArray(back) ? back : [back];
    assert.equal(list.length, docs.length);
    for (const d of list) parseResult(JSON.stringify(d), 'json output');
  }
}

const FAST = Object.keys(RENDERERS).filter((f) => f !== 'html');

test('every renderer turns any valid result documents into safe output, quickly', async () => {
  await property('renderers', fc.array(docArb, { minLength: 1, maxLength: 3 }), 700, async (docs) => {
    for (const format of FAST) {
      const out = await oneCase(`report --format ${format}`, () =>
        RENDERERS[format]!(docs, { color: false }),
      );
      assert.equal(typeof out, 'string', `${format} failed: ${String(out)}`);
      checkOutput(format, out as string, docs);
    }
  });
});

test('the HTML report survives any valid result documents (fewer cases: it draws charts)', async () => {
  await RENDERERS.html!(fc.sample(docArb, { numRuns: 1, seed: 1 }), { color: false }); // loads the chart library
  await property('html renderer', fc.array(docArb, { minLength: 1, maxLength: 2 }), 60, async (docs) => {
    const out = await oneCase('report --format html', () => RENDERERS.html!(docs, { color: false }));
    assert.equal(typeof out, 'string', `html failed: ${String(out)}`);
    checkOutput('html', out as string, docs);
  });
});

test('compare renders any two valid result documents in every format', async () => {
  await property('compare renderers', fc.tuple(docArb, docArb), 500, async ([a, b]) => {
    const c = await oneCase('compare', () =>
      compareResults([
        { label: 'a', file: 'a.json', doc: a },
        { label: 'b', file: 'b.json', doc: b },
      ]),
    );
    if (!('pairs' in c)) return; // a coded refusal (nothing to compare) is fine
    for (const format of COMPARE_FORMATS) {
      const comparison: Comparison = c;
      const out: string | CnibenchError = await oneCase<string>(`compare --format ${format}`, () =>
        renderComparison(comparison, format),
      );
      assert.equal(typeof out, 'string');
      if (format !== 'json') checkOutput(format, out as string, [a, b]);
    }
  });
});
