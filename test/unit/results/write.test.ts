import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CnibenchError } from '../../../src/model/errors.js';
import { readResult } from '../../../src/results/read.js';
import { RESULT_SCHEMA, type ResultDocument } from '../../../src/results/schema.js';
import { savePartial, writeFinal } from '../../../src/results/write.js';

const doc: ResultDocument = {
  schema: RESULT_SCHEMA,
  tool: { name: 'cnibench', version: 'test' },
  run: { id: 'w1x2y3', startedAt: '2026-11-22T03:00:00.000Z', status: 'complete', target: 'lab', suite: 'quick', parameters: {}, host: {}, command: [] },
  scenarios: [],
  results: [],
  failures: [],
  skipped: [],
};

test('the final file replaces the partial one and is never overwritten: a second write goes to a fallback, said', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-test-'));
  const fallback = await mkdtemp(join(tmpdir(), 'cnb-fb-'));
  const partial = await savePartial(dir, doc);
  assert.match(partial ?? '', /\.partial\.json$/);
  const file = await writeFinal(dir, doc);
  assert.deepEqual(await readdir(dir), ['cnibench-20261122T030000-w1x2y3.json']);
  assert.deepEqual(await readResult(file), doc);
  const notes: string[] = [];
  const again = await writeFinal(dir, doc, { fallbacks: [fallback], note: (m) => notes.push(m) });
  assert.equal(again, join(fallback, 'cnibench-20261122T030000-w1x2y3.json'));
  assert.match(notes.join('\n'), /exists already.*saved to .*cnb-fb-/);
  assert.deepEqual(await readdir(dir), ['cnibench-20261122T030000-w1x2y3.json'], 'no temp file left');
});

test('damaged or foreign result files get errors that name the file and field', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-test-'));
  const cases: [string, string, RegExp][] = [
    ['notjson.json', '{"schema": ', /is not JSON/],
    ['foreign.json', '{"hello": 1}', /schema is undefined/],
    ['field.json', JSON.stringify({ ...doc, run: { ...doc.run, status: 'done' } }), /run\.status/],
  ];
  for (const [name, text, pattern] of cases) {
    const f = join(dir, name);
    await writeFile(f, text);
    await assert.rejects(readResult(f), (e: unknown) => e instanceof CnibenchError && e.code === 'RESULT_INVALID' && e.exitCode === 2 && pattern.test(e.message) && e.message.includes(f));
  }
  await assert.rejects(readResult(join(dir, 'missing.json')), (e: unknown) => e instanceof CnibenchError && e.code === 'RESULT_NOT_FOUND');
});
