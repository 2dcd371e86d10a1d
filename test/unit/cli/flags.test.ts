import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helpText, parseCommandArgs } from '../../../src/cli/args.js';
import { COMMANDS } from '../../../src/cli/main.js';
import { runSpec } from '../../../src/cli/commands/run.js';
import { cli, REAL_RUN } from '../../helpers/main-io.js';

const noStack = (text: string): void =>
  assert.doesNotMatch(text, /at .*\.js:\d+|node:internal|ERR_PARSE_ARGS/);

test('a mistyped command gets "did you mean"; a flag before the command says where flags go', async () => {
  const typo = await cli('reprot', REAL_RUN);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /^error \[USAGE\]: unknown command "reprot"\nfix: did you mean `cnibench report`\?/);
  const far = await cli('frobnicate');
  assert.equal(far.code, 2);
  assert.doesNotMatch(far.err, /did you mean/);
  const early = await cli('--json', 'version');
  assert.equal(early.code, 2);
  assert.match(early.err, /unknown flag --json before a command[\s\S]*fix: flags come after the command/);
  for (const r of [typo, far, early]) noStack(r.err);
});

test('an unknown flag gets a clean message: "did you mean", or the command it belongs to', async () => {
  const cases: [string[], RegExp][] = [
    [['run', '--sutie', 'quick'], /cnibench run: unknown flag --sutie\nfix: did you mean --suite\?/],
    [['report', REAL_RUN, '--ouput', 'md'], /unknown flag --ouput\nfix: did you mean --output\?/],
    [['report', REAL_RUN, '--jsno'], /unknown flag --jsno\nfix: did you mean --json\?/],
    [
      ['report', REAL_RUN, '--fail-on-regression', '5'],
      /unknown flag --fail-on-regression\nfix: --fail-on-regression is a flag of `cnibench compare`/,
    ],
    [['doctor', '--bogus'], /cnibench doctor: unknown flag --bogus\nfix: see `cnibench doctor --help`/],
    [['report', REAL_RUN, '-x'], /cnibench report: unknown flag -x/],
    [['report', REAL_RUN, '-hv'], /cnibench report: unknown flag -hv/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, pattern);
    assert.doesNotMatch(r.err, /Unknown option|parseArgs/);
    noStack(r.err);
  }
});

test('a value not allowed gets "did you mean" and the allowed values; a flag without its value says so', async () => {
  const value = await cli('report', REAL_RUN, '-o', 'mdd');
  assert.equal(value.code, 2);
  assert.match(value.err, /-o "mdd" is not allowed\nfix: did you mean md\? choose one of: terminal, md, csv/);
  const target = await cli('run', '--target', 'kubernets');
  assert.match(target.err, /--target "kubernets" is not allowed\nfix: did you mean kubernetes\?/);
  const missing = await cli('run', '--scenario');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--scenario needs a value \(NAME\)/);
  const swallowed = await cli('run', '--suite', '--json');
  assert.match(swallowed.err, /--suite needs a value/);
  const boolWithValue = await cli('report', REAL_RUN, '--json=yes');
  assert.match(boolWithValue.err, /--json takes no value \(got "yes"\)/);
});

test('-o/--output FORMAT in every spelling kubectl accepts: -o x, -ox, -o=x, --output x, --output=x', async () => {
  const outputs = new Set<string>();
  for (const spelling of [['-o', 'csv'], ['-ocsv'], ['-o=csv'], ['--output', 'csv'], ['--output=csv']]) {
    const r = await cli('report', REAL_RUN, ...spelling);
    assert.equal(r.code, 0, `${spelling.join(' ')}: ${r.err}`);
    assert.equal(r.err, '');
    outputs.add(r.out);
  }
  assert.equal(outputs.size, 1);
  assert.match([...outputs][0]!, /^run,target,scenario,placement,measurement,variant,metric,unit,/);
});

test('deprecated spellings still work, with one notice line on stderr', async () => {
  const format = await cli('report', REAL_RUN, '--format', 'csv');
  assert.equal(format.code, 0);
  assert.equal(format.err, 'warning: --format is deprecated; use -o/--output\n');
  assert.equal(format.out, (await cli('report', REAL_RUN, '-o', 'csv')).out);
  const short = await cli('report', REAL_RUN, '-f', 'csv');
  assert.equal(short.err, 'warning: -f is deprecated; use -o/--output\n');
  const out = parseCommandArgs(runSpec, ['--out', '/tmp/x']);
  assert.deepEqual(out.notices, ['warning: --out is deprecated; use --out-dir']);
  assert.equal(out.values['out-dir'], '/tmp/x');
  const helm = parseCommandArgs(runSpec, ['--output-dir', '/tmp/y']);
  assert.deepEqual(helm.notices, [], "helm's --output-dir is a synonym, not deprecated");
  assert.equal(helm.values['out-dir'], '/tmp/y');
  assert.match(
    helpText(runSpec),
    /Deprecated \(still accepted, with a notice on stderr\):\n\s+--out DIR\s+use --out-dir/,
  );
});

test('the old meaning of -o (a directory for run, a file for report) gets a hint to the new flag', async () => {
  const run = await cli('run', '-o', 'results');
  assert.equal(run.code, 2);
  assert.match(
    run.err,
    /-o "results" is not allowed[\s\S]*the directory for the result file is --out-dir DIR/,
  );
  const report = await cli('report', REAL_RUN, '-o', 'table.md');
  assert.match(report.err, /-o "table\.md" is not allowed[\s\S]*to write to a file, use --out-file FILE/);
  const imp = await cli('import', REAL_RUN, '-o', 'results');
  assert.match(imp.err, /the directory is --out-dir DIR/);
});

test('-v, --version and version print the version; version --json and -o json print JSON', async () => {
  for (const argv of [['-v'], ['--version'], ['version']]) {
    const r = await cli(...argv);
    assert.equal(r.code, 0);
    assert.match(r.out, /^cnibench \d+\.\d+\.\d+\n$/);
  }
  for (const argv of [
    ['version', '--json'],
    ['version', '-o', 'json'],
    ['--version', '--json'],
  ]) {
    const r = await cli(...argv);
    assert.equal(r.code, 0, argv.join(' '));
    const v = JSON.parse(r.out) as Record<string, string>;
    assert.equal(v['name'], 'cnibench');
    assert.match(v['version'] ?? '', /^\d+\.\d+\.\d+/);
    assert.equal(v['resultSchema'], 'cnibench.result/v1');
  }
});

test('cnibench help COMMAND is COMMAND --help for every command; help alone lists them all', async () => {
  for (const c of COMMANDS) {
    const viaHelp = await cli('help', c.name);
    const viaFlag = await cli(c.name, '--help');
    assert.equal(viaHelp.code, 0, c.name);
    assert.equal(viaHelp.out, viaFlag.out, c.name);
    assert.match(viaHelp.out, new RegExp(`^Usage: cnibench ${c.name}`));
  }
  const all = await cli('help');
  assert.equal(all.code, 0);
  for (const c of COMMANDS) assert.match(all.out, new RegExp(`^  ${c.name} `, 'm'));
  const typo = await cli('help', 'comprae');
  assert.equal(typo.code, 2);
  assert.match(typo.err, /unknown command "comprae"\nfix: did you mean `cnibench compare`\?/);
});

test('a command that takes only flags refuses stray words instead of ignoring them', async () => {
  const r = await cli('run', 'vxlan', '--suite', 'quick');
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /cnibench run takes no arguments, only flags \(got "vxlan"\)\nfix: see `cnibench run --help`/,
  );
  const v = await cli('version', 'now');
  assert.equal(v.code, 2);
});
