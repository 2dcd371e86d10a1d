import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResult } from '../../../src/results/read.js';
import { runCli } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const ARTICLE = join(REPO_ROOT, 'test', 'fixtures', 'import', 'rke2-article');

test('the RKE2 article: Canal and Cilium imported, compare says +271% and inconclusive (1 repetition)', async () => {
  const out = await mkdtemp(join(tmpdir(), 'cnb-import-'));
  const canal = await runCli([
    'import',
    join(ARTICLE, 'canal-cross-node-1stream.txt'),
    '--scenario',
    'canal',
    '--placement',
    'cross-node',
    '--out-dir',
    out,
  ]);
  assert.equal(canal.code, 0, canal.stderr);
  const cilium = await runCli([
    'import',
    join(ARTICLE, 'cilium-cross-node-1stream.txt'),
    '--from',
    'iperf3-text',
    '--scenario',
    'cilium',
    '--placement',
    'cross-node',
    '--out-dir',
    out,
  ]);
  assert.equal(cilium.code, 0, cilium.stderr);
  const files = [canal.stdout.trim(), cilium.stdout.trim()];
  assert.deepEqual((await readdir(out)).sort(), files.map((f) => f.slice(out.length + 1)).sort());
  const doc = await readResult(files[0] ?? '');
  assert.equal(doc.run.provenance?.source, 'iperf3-text');
  assert.match(
    canal.stderr,
    /imported 1 repetition\(s\) of 1 measurement\(s\) from 1 iperf3-text file\(s\) as scenario canal/,
  );

  const cmp = await runCli(['compare', ...files, '--baseline', 'canal']);
  assert.equal(cmp.code, 0, cmp.stderr);
  const line =
    cmp.stdout.split('\n').find((l) => /cross-node\s+tcp\s+streams=1\s+throughput_gbps/.test(l)) ?? '';
  assert.match(line, /\+271\.4%/);
  assert.match(line, /inconclusive/);
  assert.match(cmp.stdout, /cilium vs .*canal \(baseline\)/);

  const json = await runCli(['compare', ...files, '--baseline', 'canal', '-o', 'json']);
  const parsed = JSON.parse(json.stdout) as {
    pairs: { metrics: { metric: string; relPct: number; verdict: string; reason: string }[] }[];
  };
  const m = parsed.pairs[0]?.metrics.find((x) => x.metric === 'throughput_gbps');
  assert.equal(Math.round(m?.relPct ?? 0), 271);
  assert.equal(m?.verdict, 'inconclusive');
  assert.match(m?.reason ?? '', /repetitions/);

  const report = await runCli(['report', ...files, '-o', 'md']);
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, /\+271\.4%/);
});

test('two files of one test are two repetitions, the format detected; errors exit 2 with a fix and no stack trace', async () => {
  const out = await mkdtemp(join(tmpdir(), 'cnb-import-'));
  const captured = join(REPO_ROOT, 'test', 'fixtures', 'import');
  const both = await runCli([
    'import',
    join(captured, 'tcp-1stream.txt'),
    join(captured, 'tcp-1stream-fM.txt'),
    '--placement',
    'same-node',
    '--out-dir',
    out,
  ]);
  assert.equal(both.code, 0, both.stderr);
  const doc = await readResult(both.stdout.trim());
  assert.equal(doc.results[0]?.repetitions.length, 2);
  assert.equal(doc.scenarios[0]?.name, 'imported');

  const junk = join(out, 'notes.txt');
  await writeFile(junk, 'some words\n');
  const damaged = join(out, 'damaged.txt');
  await writeFile(
    damaged,
    'Connecting to host 10.0.0.2, port 5201\n[  5]   0.00-30.00  sec  53.9 GBytes  1838 MBytes/sec\n[  5] 0.00-30.00 sec 53.9\n',
  );
  const cases: [string[], RegExp][] = [
    [['import'], /no file given/],
    [
      ['import', junk],
      /cannot tell the format of .*notes\.txt[\s\S]*fix: give --from iperf3-json\|iperf3-text\|k8s-netperf\|knb/,
    ],
    [
      ['import', damaged, '--placement', 'cross-node', '--out-dir', out],
      /error \[IMPORT_INVALID\]: .*damaged\.txt:3: not a line iperf3 prints/,
    ],
    [
      ['import', join(ARTICLE, 'canal-udp.txt'), '--out-dir', out],
      /does not say where the two ends[\s\S]*fix: give --placement/,
    ],
    [
      [
        'import',
        join(REPO_ROOT, 'test', 'fixtures', 'import', 'knb', 'knb.json'),
        '--placement',
        'host',
        '--out-dir',
        out,
      ],
      /--placement applies to iperf3 files/,
    ],
    [
      [
        'import',
        join(ARTICLE, 'canal-udp.txt'),
        join(REPO_ROOT, 'test', 'fixtures', 'import', 'knb', 'knb.json'),
        '--out-dir',
        out,
      ],
      /different formats/,
    ],
    [['import', join(out, 'missing.txt')], /cannot read .*missing\.txt/],
    [
      [
        'import',
        join(ARTICLE, 'canal-udp.txt'),
        '--placement',
        'cross-node',
        '--bitrate',
        'fast',
        '--out-dir',
        out,
      ],
      /--bitrate: "fast" is not a bit rate/,
    ],
  ];
  for (const [argv, pattern] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  }
});
