import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandArgs } from '../../../src/cli/args.js';
import { cleanupSpec } from '../../../src/cli/commands/cleanup.js';
import { runSpec } from '../../../src/cli/commands/run.js';
import { outputFormat } from '../../../src/cli/output.js';
import { readRunInputs } from '../../../src/cli/run-inputs.js';
import { BIN } from '../../helpers/cli.js';
import { cli, REAL_RUN } from '../../helpers/main-io.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const ARTICLE = join(REPO_ROOT, 'test', 'fixtures', 'import', 'rke2-article');

test('--json is -o json for report, compare, version, profiles and doctor', async () => {
  const report = await cli('report', REAL_RUN, '--json');
  assert.equal((JSON.parse(report.out) as { run: { id: string } }).run.id, '8ec1ui');
  assert.equal(report.out, (await cli('report', REAL_RUN, '-o', 'json')).out);
  const compare = await cli('compare', REAL_RUN, '--json');
  assert.equal(compare.code, 0, compare.err);
  assert.ok(Array.isArray((JSON.parse(compare.out) as { pairs: unknown[] }).pairs));
  assert.equal(compare.out, (await cli('compare', REAL_RUN, '-o', 'json')).out);
  const profiles = await cli('profiles', '--json');
  assert.equal(profiles.code, 0, profiles.err);
  const list = JSON.parse(profiles.out) as { name: string; supported: boolean }[];
  assert.ok(list.some((p) => p.name === 'bridge-native'));
  const doctor = await cli('doctor', '-o', 'json');
  const checks = JSON.parse(doctor.out) as { ok: boolean; checks: { name: string }[] };
  assert.equal(doctor.code, checks.ok ? 0 : 1);
  assert.ok(checks.checks.length > 0);
});

test('--json and -o for run and cleanup resolve like everywhere else (without running them)', async () => {
  for (const [argv, want] of [
    [['--json'], 'json'],
    [['-o', 'md'], 'md'],
    [['--output=openmetrics'], 'openmetrics'],
    [['-o', 'none'], 'none'],
    [[], 'terminal'],
  ] as const) {
    const inputs = await readRunInputs(parseCommandArgs(runSpec, [...argv, '--suite', 'quick']));
    assert.equal(inputs.format, want, argv.join(' '));
  }
  const inputs = await readRunInputs(parseCommandArgs(runSpec, ['--out-dir', '/tmp/cnb-somewhere']));
  assert.equal(inputs.outDir, '/tmp/cnb-somewhere');
  assert.equal(outputFormat(parseCommandArgs(cleanupSpec, ['--json']), 'text'), 'json');
  assert.equal(outputFormat(parseCommandArgs(cleanupSpec, ['-o', 'json']), 'text'), 'json');
  const both = await cli('run', '--json', '-o', 'csv');
  assert.equal(both.code, 2);
  assert.match(both.err, /--json and -o csv ask for different formats/);
});

test('import: --out-dir for the directory, --from for the input format, --json for what was imported', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-cli-import-'));
  const r = await cli(
    'import',
    join(ARTICLE, 'canal-cross-node-1stream.txt'),
    '--from',
    'iperf3-text',
    '--scenario',
    'canal',
    '--placement',
    'cross-node',
    '--out-dir',
    dir,
    '--json',
  );
  assert.equal(r.code, 0, r.err);
  const summary = JSON.parse(r.out) as {
    file: string;
    format: string;
    scenario: string;
    repetitions: number;
  };
  assert.equal(summary.format, 'iperf3-text');
  assert.equal(summary.scenario, 'canal');
  assert.equal(summary.repetitions, 1);
  assert.deepEqual(await readdir(dir), [summary.file.slice(dir.length + 1)]);
  const old = await cli(
    'import',
    join(ARTICLE, 'cilium-cross-node-1stream.txt'),
    '--format',
    'iperf3-text',
    '--placement',
    'cross-node',
    '--out',
    dir,
  );
  assert.equal(old.code, 0, old.err);
  assert.match(
    old.err,
    /^warning: --format is deprecated; use --from\nwarning: --out is deprecated; use --out-dir\n/,
  );
  assert.equal((await readdir(dir)).length, 2);
});

test('report --out-file refuses to overwrite; --force overwrites; --output-file is the same flag', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-cli-out-'));
  const file = join(dir, 'report.md');
  const first = await cli('report', REAL_RUN, '-o', 'md', '--out-file', file);
  assert.equal(first.code, 0, first.err);
  assert.equal(first.out, '');
  assert.equal(first.err, `wrote ${file}\n`);
  const md = await readFile(file, 'utf8');
  assert.match(md, /^\| Test \| Metric \|/m);
  const again = await cli('report', REAL_RUN, '-o', 'csv', '--output-file', file);
  assert.equal(again.code, 2);
  assert.match(again.err, /error \[OUTPUT_EXISTS\]: .*report\.md exists\nfix: add --force to overwrite it/);
  assert.equal(await readFile(file, 'utf8'), md, 'the old file is untouched');
  const forced = await cli('report', REAL_RUN, '-o', 'csv', '--out-file', file, '--force');
  assert.equal(forced.code, 0, forced.err);
  assert.match(await readFile(file, 'utf8'), /^run,target,scenario,/);
  const lone = await cli('report', REAL_RUN, '--force');
  assert.equal(lone.code, 2);
  assert.match(lone.err, /--force applies to --out-file/);
});

test('report -o json | head -1: the closed pipe ends the command quietly with exit 0', () => {
  for (const reader of ['head -1', 'head -c 1', 'true']) {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${BIN}" report "${REAL_RUN}" -o json | ${reader} >/dev/null`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(r.status, 0, `${reader}: ${r.stderr}`);
    assert.equal(r.stderr, '', reader);
  }
  const deprecated = spawnSync(
    'bash',
    ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" report "${REAL_RUN}" --format json | head -1`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(deprecated.status, 0);
  assert.equal(deprecated.stdout, '{\n');
  assert.equal(deprecated.stderr, 'warning: --format is deprecated; use -o/--output\n');
});
