import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../../src/cli/main.js';
import { cli } from '../../helpers/main-io.js';

/** Runs a shell; undefined when it is not installed. */
function shell(
  cmd: string,
  args: string[],
  input?: string,
): { status: number | null; stdout: string; stderr: string } | undefined {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: 60_000,
    ...(input === undefined ? {} : { input }),
  });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function script(name: 'bash' | 'zsh' | 'fish'): Promise<string> {
  const r = await cli('completion', name);
  assert.equal(r.code, 0, r.err);
  const dir = await mkdtemp(join(tmpdir(), 'cnb-completion-'));
  const file = join(dir, `cnibench.${name}`);
  await writeFile(file, r.out);
  return file;
}

function needs(t: TestContext, name: string): boolean {
  if (shell('sh', ['-c', `command -v ${name}`])?.status === 0) return true;
  t.skip(`${name} is not installed`);
  return false;
}

test('completion: bash -n, shellcheck, and real completions of commands, flags, values and files', async (t) => {
  const file = await script('bash');
  assert.equal(shell('bash', ['-n', file])?.status, 0);
  const sc = shell('shellcheck', ['-s', 'bash', file]);
  if (sc !== undefined) assert.equal(sc.status, 0, sc.stdout);
  else t.diagnostic('shellcheck is not installed');
  const complete = (words: string[]): string[] => {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const r = shell('bash', [
      '-c',
      `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _cnibench; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ]);
    assert.equal(r?.status, 0, r?.stderr);
    return (r?.stdout ?? '').split('\n').filter((l) => l !== '');
  };
  assert.deepEqual(complete(['cnibench', 'rep']), ['report']);
  assert.deepEqual(complete(['cnibench', 'co']), ['compare', 'completion']);
  assert.deepEqual(complete(['cnibench', 'run', '--out']), ['--out-dir', '--output', '--output-dir']);
  assert.deepEqual(complete(['cnibench', 'report', 'x.json', '-o', 'open']), ['openmetrics']);
  assert.deepEqual(complete(['cnibench', 'run', '--target', '=', 'k']), ['kubernetes']);
  assert.deepEqual(complete(['cnibench', 'run', '--suite', 'q']), ['quick']);
  assert.deepEqual(complete(['cnibench', 'completion', 'z']), ['zsh']);
  assert.deepEqual(complete(['cnibench', 'help', 'imp']), ['import']);
  assert.ok(
    complete(['cnibench', 'report', `${process.cwd()}/package.j`]).some((f) => f.endsWith('package.json')),
  );
  assert.doesNotMatch(
    complete(['cnibench', 'run', '--']).join(' '),
    /--out\b(?!-)|--format/,
    'no deprecated flags',
  );
});

test('completion: zsh -n, compdef registers both names, and a real completion in an interactive zsh', async (t) => {
  if (!needs(t, 'zsh')) return;
  const file = await script('zsh');
  assert.equal(shell('zsh', ['-n', file])?.status, 0);
  const reg = shell('zsh', [
    '-f',
    '-c',
    `autoload -U compinit; compinit -u -D; source '${file}'; print -- \${_comps[cnibench]} \${_comps[kubectl-cnibench]}`,
  ]);
  assert.equal(reg?.stdout.trim(), '_cnibench _cnibench', reg?.stderr);
  // Type "cnibench rep<TAB>" and "-o open<TAB>" into a real interactive zsh on a pseudo-terminal.
  const driver = `setopt extendedglob
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="> "; autoload -U compinit; compinit -u -D; source ${file}; print CNB""READY'
out=''
wait_for() {
  local line i
  for i in {1..300}; do
    while zpty -r -t z line; do out+=$line; done
    [[ $out == *$1* ]] && return 0
    sleep 0.1
  done
  return 1
}
wait_for CNBREADY || exit 3
out=''
zpty -w -n z $'cnibench rep\\t'
wait_for report || exit 4
zpty -w -n z $'x.json -o open\\t'
wait_for openmetrics || exit 5
zpty -d z
print -r -- \${out//$'\\e'\\[[0-9;?]#[a-zA-Z]/}
`;
  const r = shell('zsh', ['-f', '-c', driver]);
  assert.equal(r?.status, 0, `zsh did not complete (exit ${r?.status}): ${r?.stdout}`);
  // eslint-disable-next-line no-control-regex
  const screen = (r?.stdout ?? '').replace(/[\x00-\x08\x0e-\x1f]/g, '');
  assert.match(screen, /cnibench report\s+x\.json -o openmetrics/, screen);
});

test('completion: fish -n and real completions through complete -C', async (t) => {
  if (!needs(t, 'fish')) return;
  const file = await script('fish');
  assert.equal(shell('fish', ['-n', file])?.status, 0);
  const complete = (line: string): string[] => {
    const r = shell('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`]);
    assert.equal(r?.status, 0, r?.stderr);
    return (r?.stdout ?? '')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t')[0]!);
  };
  assert.deepEqual(complete('cnibench rep'), ['report']);
  assert.deepEqual(complete('cnibench run --target '), ['kubernetes', 'lab']);
  assert.deepEqual(complete('kubectl-cnibench compare -o '), ['csv', 'json', 'md', 'terminal']);
  assert.ok(complete('cnibench report --').includes('--push-gateway'));
  assert.ok(!complete('cnibench report --').includes('--format'), 'no deprecated flags');
});

test('completion: generated from the command table (every command and flag), unknown shells are usage errors', async () => {
  const fish = (await cli('completion', 'fish')).out;
  for (const c of COMMANDS) {
    assert.match(fish, new RegExp(`-a ${c.name} -d`), c.name);
    for (const o of c.options)
      assert.ok(
        fish.includes(`'__cnibench_command ${c.name}'${o.short ? ` -s ${o.short}` : ''} -l ${o.name}`),
        `${c.name} --${o.name}`,
      );
  }
  const bad = await cli('completion', 'tcsh');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown shell "tcsh"[\s\S]*fix: cnibench completion bash\|zsh\|fish/);
  const typo = await cli('completion', 'bsh');
  assert.match(typo.err, /fix: did you mean bash\?/);
});
