import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PodAgent, type AgentConnect } from '../../../src/targets/kubernetes/agent/agent.js';
import { FrameParser } from '../../../src/targets/kubernetes/agent/frames.js';
import { agentScript } from '../../../src/targets/kubernetes/agent/script.js';
import { agentExec } from '../../../src/targets/kubernetes/agent-exec.js';

// The agent is a POSIX shell script: these tests run it for real with this machine's `sh`,
// connected through pipes instead of an exec WebSocket.

function localAgent(dir: string, path?: string): { connect: AgentConnect; kills: () => number } {
  let opened = 0;
  const connect: AgentConnect = (onStdout, onClose) => {
    opened += 1;
    const child = spawn('sh', ['-c', agentScript(dir)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(path === undefined ? {} : { PATH: path }) },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', onStdout);
    // an exec session ends when its process does (orphans may still hold the pipes); what it
    // printed comes first, as the exec stream delivers its output before the exit status
    child.on('exit', () => {
      let told = false;
      const close = (): void => {
        if (!told) onClose(err);
        told = true;
      };
      if (child.stdout.readableEnded) return close();
      child.stdout.once('end', close);
      setTimeout(close, 100);
    });
    return Promise.resolve({
      write: (t) => void child.stdin.write(t),
      close: () => {
        child.stdin.end();
        child.kill();
      },
    });
  };
  return { connect, kills: () => opened };
}

function withAgent(fn: (a: PodAgent, dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnibench-agent-test-'));
    const agent = new PodAgent(localAgent(dir).connect, 'the test agent');
    try {
      await agent.start();
      await fn(agent, dir);
    } finally {
      agent.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'commands: output, stderr and exit code as data, any bytes, input on stdin, several at once',
  withAgent(async (agent) => {
    const ex = agentExec(agent, 'the test agent');
    const r = await ex.exec(['sh', '-c', 'printf "a\\n@@cnb x 0\\nb"; echo oops >&2; exit 3'], {
      timeoutMs: 5000,
    });
    assert.deepEqual([r.exitCode, r.stdout, r.stderr, r.timedOut], [3, 'a\n@@cnb x 0\nb', 'oops\n', false]);
    const quoted = await ex.exec(['printf', '%s|', "it's", '$HOME', 'a b', ''], { timeoutMs: 5000 });
    assert.equal(quoted.stdout, "it's|$HOME|a b||");
    const fed = await ex.exec(['wc', '-l'], { timeoutMs: 5000, input: "one\ntwo\n'three'\n" });
    assert.equal(fed.stdout.trim(), '3');
    const big = await ex.exec(['head', '-c', '300000', '/dev/zero'], { timeoutMs: 5000 });
    assert.equal(big.stdout.length, 300000);
    // a slow command does not hold up a quick one sent after it
    const t0 = Date.now();
    const [slow, quick] = await Promise.all([
      ex.exec(['sh', '-c', 'sleep 1; echo slow'], { timeoutMs: 5000 }),
      ex.exec(['echo', 'quick'], { timeoutMs: 5000 }).then((x) => ({ ...x, at: Date.now() - t0 })),
    ]);
    assert.equal(slow.stdout, 'slow\n');
    assert.equal(quick.stdout, 'quick\n');
    assert.ok(quick.at < 900, `quick came back after ${quick.at} ms`);
    const missing = await ex.exec(['no-such-program-x'], { timeoutMs: 5000 });
    assert.equal(missing.exitCode, 127);
  }),
);

test(
  'time limits and aborts stop the command in the container (TERM, then KILL)',
  withAgent(async (agent, dir) => {
    const ex = agentExec(agent, 'the test agent');
    const t0 = Date.now();
    const r = await ex.exec(['sh', '-c', `echo $$ > ${dir}/victim; exec sleep 31.7`], { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    assert.ok(Date.now() - t0 < 2000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const aborted = await ex.exec(['sleep', '31.7'], { timeoutMs: 20_000, signal: ac.signal });
    assert.match(aborted.stderr, /interrupted/);
    // the killed commands are gone: no `sleep 31.7` of this agent left
    await new Promise((res) => setTimeout(res, 500));
    const left = await ex.exec(['sh', '-c', `ps -eo args | grep -c "^sleep 31.7$" || true`], {
      timeoutMs: 5000,
    });
    assert.equal(left.stdout.trim(), '0');
  }),
);

test(
  'servers: started in the background, ready on their line, stopped with their output and exit code',
  withAgent(async (agent, dir) => {
    const ex = agentExec(agent, 'the test agent');
    const srv = await ex.startServer(
      ['sh', '-c', 'echo listening; trap "echo bye; exit 7" TERM; while :; do sleep 0.1; done'],
      {
        readyPattern: /listening/,
        readyTimeoutMs: 5000,
      },
    );
    const stopped = await srv.stop();
    assert.equal(stopped.stdout, 'listening\nbye\n');
    assert.equal(stopped.exitCode, 7);
    // no pattern: running after a moment counts as started; a server that ends at once fails
    const quiet = await ex.startServer(['sleep', '30'], { readyTimeoutMs: 300 });
    await quiet.stop();
    await assert.rejects(
      ex.startServer(['sh', '-c', 'echo "cannot bind" >&2; exit 1'], {
        readyPattern: /listening/,
        readyTimeoutMs: 3000,
      }),
      (e: Error & { code?: string; details?: string }) =>
        e.code === 'SERVER_START_FAILED' &&
        /ended before it was ready/.test(e.message) &&
        /cannot bind/.test(e.details ?? ''),
    );
    await new Promise((res) => setTimeout(res, 300));
    assert.deepEqual(
      readdirSync(dir).filter((f) => !f.startsWith('.')),
      [],
      'every request and server file is removed',
    );
  }),
);

test('an image without a program the agent needs: start fails with its name (commands then use one exec each)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-agent-test-'));
  // a PATH with `sh` but without flock
  const bin = mkdtempSync(join(tmpdir(), 'cnibench-agent-bin-'));
  const { symlinkSync } = await import('node:fs');
  for (const p of ['sh', 'mkdir', 'cat', 'rm', 'sleep', 'timeout']) symlinkSync(`/bin/${p}`, join(bin, p));
  const agent = new PodAgent(localAgent(dir, bin).connect, 'pod x');
  await assert.rejects(
    agent.start(),
    (e: Error & { code?: string }) => e.code === 'TOOL_MISSING' && /the image has no flock/.test(e.message),
  );
  agent.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
});

test('a dropped connection fails the requests in flight; the next request opens a new one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-agent-test-'));
  const local = localAgent(dir);
  const agent = new PodAgent(local.connect, 'pod x');
  await agent.start();
  const ex = agentExec(agent, 'pod x');
  // the agent's own shell is this command's grandparent
  const inFlight = ex.exec(['sh', '-c', 'kill -9 "$(cut -d" " -f4 /proc/$PPID/stat)"; sleep 2'], {
    timeoutMs: 10_000,
  });
  const r = await inFlight;
  assert.equal(r.exitCode, null);
  assert.match(r.stderr, /the exec connection to pod x closed/);
  const again = await ex.exec(['echo', 'back'], { timeoutMs: 5000 });
  assert.equal(again.stdout, 'back\n');
  assert.equal(local.kills(), 2, 'a second connection');
  agent.close();
  rmSync(dir, { recursive: true, force: true });
});

test('frames split anywhere are put back together', () => {
  const stream = Buffer.from(
    '@@cnb ready\n@@cnb a1-1 0\nout\n@@cnb-err a1-1\nerr\n@@cnb-end a1-1\n@@cnb a1-2 3\n\n@@cnb-err a1-2\n\n@@cnb-end a1-2\n',
  );
  for (let cut = 0; cut <= stream.length; cut++) {
    const p = new FrameParser();
    const got = [...p.push(stream.subarray(0, cut)), ...p.push(stream.subarray(cut))];
    assert.deepEqual(got, [
      { type: 'ready' },
      { type: 'result', id: 'a1-1', exitCode: 0, stdout: 'out', stderr: 'err' },
      { type: 'result', id: 'a1-2', exitCode: 3, stdout: '', stderr: '' },
    ]);
  }
});
