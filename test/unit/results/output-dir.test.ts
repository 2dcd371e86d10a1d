import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CnibenchError } from '../../../src/model/errors.js';
import { readResult } from '../../../src/results/read.js';
import { checkOutputDir } from '../../../src/results/output-dir.js';
import { RESULT_SCHEMA, type ResultDocument } from '../../../src/results/schema.js';
import { savePartial, writeFinal } from '../../../src/results/write.js';

function doc(id: string): ResultDocument {
  return {
    schema: RESULT_SCHEMA,
    tool: { name: 'cnibench', version: 'test' },
    run: {
      id,
      startedAt: '2026-11-22T03:00:00.000Z',
      status: 'complete',
      target: 'lab',
      suite: 'quick',
      parameters: {},
      host: {},
      command: [],
    },
    scenarios: [],
    results: [
      {
        scenario: 's',
        placement: 'host',
        measurement: 'tcp',
        variant: 'streams=1',
        parameters: {},
        tool: 'iperf3',
        repetitions: [
          {
            index: 1,
            startedAt: '2026-11-22T03:00:00.000Z',
            durationMs: 10,
            status: 'ok',
            metrics: { throughput_gbps: 9.5, retransmits: Number.POSITIVE_INFINITY },
            series: [{ metric: 'throughput_gbps', unit: 'Gbit/s', points: [[1, 9], [Number.NaN, 9], [3, 9]] }],
            notes: [],
            raw: [],
          },
        ],
        summaries: [],
      },
    ],
    failures: [],
    skipped: [],
  };
}

const isCoded = (code: string) => (e: unknown) => e instanceof CnibenchError && e.code === code;

test('an output path under a file is refused before the run, with exit 2 and the reason', async () => {
  const base = await mkdtemp(join(tmpdir(), 'cnb-out-'));
  await writeFile(join(base, 'file'), 'x');
  await assert.rejects(checkOutputDir(join(base, 'file', 'results')), (e: unknown) => {
    assert.ok(e instanceof CnibenchError);
    assert.equal(e.code, 'OUTPUT_UNWRITABLE');
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /a part of the path is a file, not a directory \(ENOTDIR\)/);
    return true;
  });
  await checkOutputDir(join(base, 'fine', 'new'));
  assert.deepEqual(await readdir(base), ['file'], 'the check leaves nothing behind, not even the directories it made');
  await mkdir(join(base, 'kept'));
  await checkOutputDir(join(base, 'kept'));
  assert.deepEqual(await readdir(join(base, 'kept')), [], 'an existing directory stays, empty');
  await assert.rejects(checkOutputDir(join(base, 'fine'), Number.MAX_SAFE_INTEGER), isCoded('OUTPUT_UNWRITABLE'));
});

test('when the output directory fails mid-run, partial and final results go to a fallback that is named; no debris', async () => {
  const base = await mkdtemp(join(tmpdir(), 'cnb-out-'));
  const fallback = join(base, 'fallback');
  await writeFile(join(base, 'file'), 'x');
  const out = join(base, 'file', 'results'); // ENOTDIR, as a directory replaced by a file mid-run
  const notes: string[] = [];
  const d = doc('f1f2f3');
  const p1 = await savePartial(out, d, { fallbacks: [fallback], note: (m) => notes.push(m) });
  const p2 = await savePartial(out, d, { fallbacks: [fallback], note: (m) => notes.push(m) });
  assert.equal(p1, p2);
  assert.equal(notes.length, 1, 'the move is said once, not after every repetition');
  const file = await writeFinal(out, d, { fallbacks: [fallback], note: (m) => notes.push(m) });
  assert.match(notes.at(-1)!, new RegExp(`ENOTDIR.*saved to ${file}`));
  assert.deepEqual(await readdir(fallback), ['cnibench-20261122T030000-f1f2f3.json'], 'partial removed, no temp file');
  const back = await readResult(file);
  assert.equal(back.results[0]!.repetitions.length, 1, 'nothing measured is lost');
});

test('non-finite numbers never reach a result file: they are left out, noted, and the file reads back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-out-'));
  const notes: string[] = [];
  const file = await writeFinal(dir, doc('n1n2n3'), { fallbacks: [], note: (m) => notes.push(m) });
  const back = await readResult(file);
  const rep = back.results[0]!.repetitions[0]!;
  assert.deepEqual(rep.metrics, { throughput_gbps: 9.5 });
  assert.deepEqual(rep.series[0]!.points, [[1, 9], [3, 9]]);
  assert.ok(rep.notes.some((n) => n.includes('retransmits = Infinity')));
  assert.match(notes[0]!, /left out 2 value/);
});

test('when no place can be written, the error is coded and carries the document', async () => {
  const base = await mkdtemp(join(tmpdir(), 'cnb-out-'));
  await writeFile(join(base, 'file'), 'x');
  const bad = join(base, 'file', 'x');
  await assert.rejects(writeFinal(bad, doc('z1z2z3'), { fallbacks: [join(base, 'file', 'y')] }), (e: unknown) => {
    assert.ok(e instanceof CnibenchError);
    assert.equal(e.code, 'OUTPUT_FAILED');
    assert.match(e.details ?? '', /"id": "z1z2z3"/);
    return true;
  });
});

test('temp files of a killed writer are removed by the next check of the directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-out-'));
  await mkdir(dir, { recursive: true });
  const dead = 2 ** 22 + 11;
  await writeFile(join(dir, `cnibench-20261122T030000-a1b2c3.json.tmp-${dead}`), '');
  await writeFile(join(dir, `cnibench-20261122T030000-a1b2c3.partial.json.tmp-${dead}`), '{');
  await writeFile(join(dir, `cnibench-20261122T030000-a1b2c3.json.tmp-${process.pid}`), '');
  await writeFile(join(dir, 'notes.txt.tmp-1'), '');
  await checkOutputDir(dir);
  assert.deepEqual((await readdir(dir)).sort(), [`cnibench-20261122T030000-a1b2c3.json.tmp-${process.pid}`, 'notes.txt.tmp-1']);
});
