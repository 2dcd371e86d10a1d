import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { cliMarkdown } from '../../../src/cli/docs.js';
import { main } from '../../../src/cli/main.js';
import { REPO_ROOT } from '../../helpers/paths.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr, env: { NO_COLOR: '1' } });
  return { code, out, err };
}

test('usage errors exit 2 and say how to fix them', async () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command "frobnicate"/],
    [['run', '--bogus'], /unknown flag --bogus[\s\S]*fix: see `cnibench run --help`/],
    [['run', '--target', 'moon'], /--target "moon" is not allowed[\s\S]*fix: choose one of: lab, kubernetes/],
    [['run', '--repeat', 'many'], /--repeat "many": must be a whole number/],
    [['run', '--repeat', '0'], /--repeat "0": must be a whole number/],
    [['run', '--duration', '0'], /--duration "0": must be longer than 0/],
    [['run', '--duration', '1e308'], /--duration "1e308": write a duration/],
    [['run', '--duration', '99999'], /--duration "99999": must be at most 86400 s/],
    [['run', '--suite', 'constructor'], /unknown suite "constructor"/],
    [['run', '--suite', '__proto__'], /unknown suite "__proto__"/],
    [['run', '--target', 'lab', '--context', 'x'], /--context applies to the kubernetes target, not lab/],
    [['run', '--suite', 'nope'], /unknown suite "nope"[\s\S]*fix: choose one of: quick, standard, full/],
    [['run', '--scenario', 'vxlam'], /unknown scenario "vxlam"[\s\S]*bridge-native, ptp-native, vxlan/],
    [['run', '--config', '/nonexistent.yaml'], /cannot read config file \/nonexistent\.yaml/],
    [['report'], /needs at least one result file/],
    [['report', '/nonexistent.json'], /cannot read result file/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, pattern);
    assert.doesNotMatch(r.err, /at .*\.js:\d+/, 'no stack trace');
  }
});

test('a config error names the file, the field and the allowed values', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-test-'));
  const f = join(dir, 'c.yaml');
  await writeFile(f, 'scenarios:\n  - name: x\n    target: lab\n    profile: geneve9\n');
  const r = await cli('run', '--config', f);
  assert.equal(r.code, 2);
  assert.match(r.err, new RegExp(`${f}: scenarios\\[0\\]\\.profile`));
});

test('help and version', async () => {
  assert.equal((await cli('--help')).code, 0);
  assert.match((await cli('run', '--help')).out, /--suite NAME/);
  assert.match((await cli('--version')).out, /^cnibench \d+\.\d+\.\d+/);
  assert.equal((await cli()).code, 2);
});

test('docs/cli.md is up to date (npm run docs:cli)', () => {
  assert.equal(readFileSync(join(REPO_ROOT, 'docs', 'cli.md'), 'utf8'), cliMarkdown());
});
