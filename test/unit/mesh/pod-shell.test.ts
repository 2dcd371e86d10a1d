import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PodShell } from '../../../src/targets/kubernetes/mesh/pod-shell.js';
import { shellExec, shellServer } from '../../../src/targets/kubernetes/mesh/shell-commands.js';
import { LocalShells } from '../../helpers/local-shell.js';

test('one shell carries many commands: output, stderr, exit codes, stdin, quoting', async () => {
  const opener = new LocalShells();
  const shell = new PodShell(opener, 'ns', 'pod-1');
  try {
    const a = await shellExec(shell, ['echo', 'hello world'], { timeoutMs: 5000 });
    assert.deepEqual([a.exitCode, a.stdout, a.stderr], [0, 'hello world\n', '']);
    const b = await shellExec(shell, ['sh', '-c', 'echo "it\'s" >&2; exit 7'], { timeoutMs: 5000 });
    assert.deepEqual([b.exitCode, b.stdout, b.stderr], [7, '', "it's\n"]);
    const c = await shellExec(shell, ['cat'], { timeoutMs: 5000, input: 'line 1\nline $2 `x`\n' });
    assert.equal(c.stdout, 'line 1\nline $2 `x`\n');
    const big = await shellExec(shell, ['sh', '-c', 'seq 1 20000'], { timeoutMs: 5000 });
    assert.equal(big.stdout.split('\n').length, 20001);
    // side by side from the caller's view: queued, answered in order
    const [x, y] = await Promise.all([
      shellExec(shell, ['echo', 'x'], { timeoutMs: 5000 }),
      shellExec(shell, ['echo', 'y'], { timeoutMs: 5000 }),
    ]);
    assert.deepEqual([x.stdout, y.stdout], ['x\n', 'y\n']);
    assert.equal(opener.opened, 1, 'one connection for all of them');
  } finally {
    shell.close();
  }
});

test('a command that outlives its timeout is stopped in the pod and reported as timed out', async () => {
  const shell = new PodShell(new LocalShells(), 'ns', 'pod-1');
  try {
    const r = await shellExec(shell, ['sleep', '30'], { timeoutMs: 1000 });
    assert.equal(r.exitCode, 124);
    assert.equal(r.timedOut, true);
    const after = await shellExec(shell, ['echo', 'still here'], { timeoutMs: 5000 });
    assert.equal(after.stdout, 'still here\n');
  } finally {
    shell.close();
  }
});

test('servers start in the background, are ready on their pattern, and stop with their output', async () => {
  const opener = new LocalShells();
  const shell = new PodShell(opener, 'ns', 'pod-1');
  try {
    const srv = await shellServer(shell, 's1', ['sh', '-c', 'sleep 0.3; echo listening; exec sleep 30'], {
      readyPattern: /listening/,
      readyTimeoutMs: 5000,
    });
    const busy = await shellExec(shell, ['echo', 'meanwhile'], { timeoutMs: 5000 });
    assert.equal(busy.stdout, 'meanwhile\n', 'the shell stays free while the server runs');
    const out = await srv.stop();
    assert.match(out.stdout, /listening/);
    await assert.rejects(
      shellServer(shell, 's2', ['sh', '-c', 'echo oops >&2; exit 1'], {
        readyPattern: /never/,
        readyTimeoutMs: 5000,
      }),
      (e: Error & { code?: string }) =>
        e.code === 'SERVER_START_FAILED' && /ended before it was ready/.test(e.message),
    );
    assert.equal(opener.opened, 1);
  } finally {
    shell.close();
  }
});

test('a shell that dies is reopened for the next command; an abort gives up at once', async () => {
  const opener = new LocalShells();
  const shell = new PodShell(opener, 'ns', 'pod-1');
  try {
    await shellExec(shell, ['true'], { timeoutMs: 5000 });
    setTimeout(() => process.kill(opener.children[0]!, 'SIGKILL'), 200);
    const dead = await shellExec(shell, ['sleep', '5'], { timeoutMs: 10_000 });
    assert.equal(dead.exitCode, null);
    assert.match(dead.stderr, /the shell in pod pod-1 ended/);
    const next = await shellExec(shell, ['echo', 'back'], { timeoutMs: 5000 });
    assert.equal(next.stdout, 'back\n');
    assert.equal(opener.opened, 2);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const t0 = Date.now();
    const r = await shellExec(shell, ['sleep', '20'], { timeoutMs: 30_000, signal: ac.signal });
    assert.ok(Date.now() - t0 < 3000, 'did not wait for the command');
    assert.equal(r.exitCode, null);
  } finally {
    shell.close();
  }
});
