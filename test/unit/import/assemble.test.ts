import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { assembleImport, type AssembleInput } from '../../../src/import/assemble.js';
import { CONVERTERS } from '../../../src/import/converters.js';
import type { ImportFormat, ImportHints } from '../../../src/import/types.js';
import { ResultDocument } from '../../../src/results/schema.js';
import { importFixture, throwsCode } from './helpers.js';

function input(format: ImportFormat, files: Record<string, string>, hints: ImportHints = {}): AssembleInput {
  return {
    format,
    files: Object.entries(files).map(([path, text]) => ({
      path,
      text,
      converted: CONVERTERS[format](text, path, hints),
    })),
    scenario: 'canal',
    target: 'kubernetes',
    hints,
    runId: 'imp001',
    importedAt: '2026-12-02T00:00:00.000Z',
    command: ['cnibench', 'import'],
  };
}

test('files of one test become repetitions; a failed run joins them; provenance names every file', () => {
  const files = {
    'a.txt': importFixture('tcp-1stream.txt'),
    'b.txt': importFixture('tcp-1stream-fM.txt'),
    'c.txt': importFixture('tcp-1stream-fg.txt'),
    'd.txt': importFixture('error-unable-to-connect.txt'),
  };
  const doc = assembleImport(input('iperf3-text', files, { placement: 'same-node' }));
  assert.deepEqual(ResultDocument.parse(doc), doc);
  assert.equal(doc.results.length, 1);
  const r = doc.results[0];
  assert.ok(r !== undefined);
  assert.deepEqual(
    [r.scenario, r.placement, r.measurement, r.variant, r.tool],
    ['canal', 'same-node', 'tcp', 'streams=1', 'iperf3'],
  );
  assert.deepEqual(
    r.repetitions.map((x) => [x.index, x.status]),
    [
      [1, 'ok'],
      [2, 'ok'],
      [3, 'ok'],
      [4, 'failed'],
    ],
  );
  assert.equal(r.summaries.find((s) => s.metric === 'throughput_gbps')?.n, 3);
  assert.equal(r.repetitions[1]?.raw[0]?.stdout, files['b.txt'], 'the original text is the raw output');
  assert.equal(r.repetitions[1]?.raw[0]?.role, 'imported from b.txt');
  assert.match(r.repetitions[0]?.notes[0] ?? '', /^imported from a\.txt \(lines 1-\d+\)$/);
  assert.ok(r.repetitions[3]?.notes.some((n) => /taken from a\.txt/.test(n)));
  assert.deepEqual(
    doc.failures.map((f) => [f.repetition, f.error.code]),
    [[4, 'TOOL_FAILED']],
  );
  const p = doc.run.provenance;
  assert.equal(p?.kind, 'imported');
  assert.equal(p?.source, 'iperf3-text');
  assert.deepEqual(
    p?.files,
    Object.entries(files).map(([path, text]) => ({
      path,
      sha256: createHash('sha256').update(text).digest('hex'),
    })),
  );
  assert.equal(doc.run.suite, 'imported');
  assert.equal(doc.scenarios[0]?.name, 'canal');
});

test('different variants and placements stay apart', () => {
  const doc = assembleImport(
    input(
      'iperf3-text',
      {
        'one.txt': importFixture('tcp-1stream.txt'),
        'four.txt': importFixture('tcp-4streams.txt'),
        'r.txt': importFixture('tcp-1stream-reverse.txt'),
      },
      { placement: 'cross-node' },
    ),
  );
  assert.deepEqual(
    doc.results.map((r) => r.variant),
    ['streams=1', 'streams=4', 'streams=1,reverse'],
  );
});

test('iperf3 files need --placement; a lone failed run needs --measurement', () => {
  throwsCode(
    () => assembleImport(input('iperf3-text', { 'a.txt': importFixture('tcp-1stream.txt') })),
    'USAGE',
    /a\.txt does not say where the two ends of the test were/,
  );
  throwsCode(
    () =>
      assembleImport(
        input(
          'iperf3-text',
          { 'e.txt': importFixture('error-unable-to-connect.txt') },
          { placement: 'cross-node' },
        ),
      ),
    'USAGE',
    /e\.txt: a run that failed before saying what it measured/,
  );
});

test('a k8s-netperf loss-rt file completes the repetition of its run', () => {
  // constructed in the layout of k8s-netperf's writer (a run's result and loss-rt CSVs)
  const common =
    'Driver,Profile,Same node,Host Network,Service,Duration,Parallelism,# of Samples,Message Size';
  const result = `${common},Avg Throughput,Throughput Metric,99%tile Observed Latency,Latency Metric\nnetperf,TCP_STREAM,false,false,false,10,1,3,1024,873.606667,Mb/s,3.3,usec\n`;
  const lossRt = `Type,${common},Value\nTCP Retransmissions,netperf,TCP_STREAM,false,false,false,10,1,3,1024,54.666667\n`;
  const doc = assembleImport(
    input('k8s-netperf', { 'result-7.csv': result, 'loss-rt-result-7.csv': lossRt }),
  );
  assert.equal(doc.results.length, 1);
  const rep = doc.results[0]?.repetitions;
  assert.equal(rep?.length, 1);
  assert.deepEqual(rep?.[0]?.metrics, { throughput_gbps: 0.873606667, retransmits: 54.666667 });
  assert.equal(rep?.[0]?.raw.length, 2);
  assert.deepEqual(
    doc.results[0]?.summaries.map((s) => s.metric),
    ['throughput_gbps', 'retransmits'],
  );
});

test('nothing with a cnibench mapping: IMPORT_INVALID with the reasons', () => {
  const e = throwsCode(
    () =>
      assembleImport(
        input('k8s-netperf', { 'r.csv': importFixture('k8s-netperf', 'result-1768505168.csv') }),
      ),
    'IMPORT_INVALID',
    /nothing to import/,
  );
  assert.match(e.details ?? '', /loopback/);
});

test('the environment the files record goes to the scenario; notes to the provenance', () => {
  const doc = assembleImport(input('knb', { 'k.txt': importFixture('knb', 'knb-text.txt') }));
  assert.equal(doc.scenarios[0]?.environment.kubernetes, 'v1.31.4');
  assert.equal(doc.scenarios[0]?.environment.mtu, 1500);
  assert.match(doc.run.provenance?.notes[0] ?? '', /idle/);
  assert.deepEqual(
    doc.results.map((r) => `${r.placement}/${r.measurement}/${r.variant}`),
    [
      'cross-node/tcp/streams=1',
      'cross-node/udp/rate=unlimited',
      'service/tcp/streams=1',
      'service/udp/rate=unlimited',
    ],
  );
});
