import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readResult } from '../../src/results/read.js';
import type { ResultDocument } from '../../src/results/schema.js';
import { namespaces, runCli } from '../helpers/cli.js';
import {
  cleanup,
  finishedReps,
  leftovers,
  lost,
  outputs,
  runIdOf,
  startLabRun,
  states,
  suiteYaml,
  tempDir,
  until,
  type LabRun,
} from '../helpers/lab-run.js';
import { count } from '../helpers/reliability.js';
import { rootSkip } from '../helpers/root.js';

const skip = rootSkip();

/**
 * Real faults injected into real lab runs, by the PIDs and names the run's state file records:
 * each is recorded as a failure with its reason, the run goes on where it can, and teardown
 * leaves nothing behind. Disk faults use small tmpfs mounts of this test's own.
 */

/** The first server the run started (recorded in its state file), once it runs. */
async function firstServer(r: LabRun): Promise<{ pid: number; what: string; runId: string }> {
  return until(
    'a server',
    () => {
      for (const s of states(r.registry)) {
        const p = s.processes.find((x) => x.what.startsWith('iperf3 -s'));
        if (p !== undefined) return { pid: p.pid, what: p.what, runId: s.runId };
      }
      return undefined;
    },
    120_000,
  );
}

async function finish(r: LabRun): Promise<{ code: number | null; doc: ResultDocument; runId: string }> {
  const { code } = await r.cli.exit;
  const runId = runIdOf(r) ?? '';
  const { finals } = outputs(r.out);
  assert.equal(finals.length, 1, r.cli.stderr());
  const doc = await readResult(finals[0]!);
  const saved = doc.results.reduce((n, x) => n + x.repetitions.length, 0);
  assert.equal(lost(finishedReps(r), saved, `fault run ${runId}`), 0, 'measurements lost');
  assert.deepEqual(leftovers(r, runId), [], 'left behind');
  return { code, doc, runId };
}

const statuses = (doc: ResultDocument, placement: string): string[] =>
  doc.results.find((x) => x.placement === placement)?.repetitions.map((x) => x.status) ?? [];

test(
  'the server killed in the middle of a measurement: that repetition fails with the reason, the next ones run',
  { skip, timeout: 240_000 },
  async () => {
    const r = await startLabRun(suiteYaml({ repeat: 3, duration: 3, placements: ['same-node'] }));
    const server = await firstServer(r);
    await new Promise((res) => setTimeout(res, 1500)); // the client is sending
    process.kill(server.pid, 'SIGKILL');
    count('faults', 1, 'server killed');
    const { code, doc } = await finish(r);
    assert.equal(code, 1, 'failures make exit 1');
    assert.equal(doc.run.status, 'complete');
    assert.deepEqual(statuses(doc, 'same-node'), ['failed', 'ok', 'ok']);
    const f = doc.failures.find((x) => x.repetition === 1);
    assert.ok(f !== undefined, 'the failure is recorded');
    assert.match(`${f.error.code}: ${f.error.message}`, /TOOL_FAILED|TOOL_OUTPUT_INVALID/);
    assert.ok(f.error.message.length > 10, f.error.message);
  },
);

test(
  'a pod namespace deleted mid-run: the server cannot start there any more; the other placement is measured',
  { skip, timeout: 240_000 },
  async () => {
    const r = await startLabRun(
      suiteYaml({ repeat: 2, duration: 2, placements: ['same-node', 'cross-node'] }),
    );
    const server = await firstServer(r);
    const podB = `cnb-${server.runId}-s1-pod-b`;
    assert.ok(namespaces(podB).length === 1, `${podB} exists`);
    execFileSync('ip', ['netns', 'del', podB]);
    count('faults', 1, 'pod namespace deleted');
    const { code, doc } = await finish(r);
    assert.equal(code, 1);
    assert.deepEqual(
      statuses(doc, 'same-node'),
      ['ok', 'failed'],
      'the running repetition ends; the next cannot start',
    );
    assert.match(doc.failures[0]!.error.message, new RegExp(`${podB}|Cannot open network namespace`));
    assert.deepEqual(statuses(doc, 'cross-node'), ['ok', 'ok']);
  },
);

test(
  'the fabric link set down: cross-node is recorded as unreachable, same-node still measured',
  { skip, timeout: 240_000 },
  async () => {
    const r = await startLabRun(
      suiteYaml({ repeat: 2, duration: 2, placements: ['same-node', 'cross-node'] }),
    );
    const server = await firstServer(r);
    execFileSync('ip', ['-n', `cnb-${server.runId}-s1-fabric`, 'link', 'set', 'node2', 'down']);
    count('faults', 1, 'fabric link down');
    const { code, doc } = await finish(r);
    assert.equal(code, 1);
    assert.deepEqual(statuses(doc, 'same-node'), ['ok', 'ok']);
    const f = doc.failures.find((x) => x.placement === 'cross-node');
    assert.ok(f !== undefined, JSON.stringify(doc.failures));
    assert.equal(f.error.code, 'NOT_REACHABLE');
  },
);

test(
  'a tool hanging past its timeout: killed, recorded as timed out, the run goes on',
  { skip, timeout: 240_000 },
  async () => {
    const r = await startLabRun(suiteYaml({ repeat: 2, duration: 1, placements: ['same-node'] }));
    const server = await firstServer(r);
    await new Promise((res) => setTimeout(res, 300));
    process.kill(server.pid, 'SIGSTOP'); // the server stops answering: the client hangs
    count('faults', 1, 'tool hangs');
    const { code, doc } = await finish(r);
    assert.equal(code, 1);
    assert.deepEqual(statuses(doc, 'same-node'), ['failed', 'ok']);
    assert.match(doc.failures[0]!.error.message, /timed out|timeout/i);
  },
);

/** A tmpfs of `size` mounted for one test (and unmounted by it). */
async function tmpfs(size: string, ro = false): Promise<{ dir: string; umount: () => void }> {
  const dir = await tempDir('cnb-rel-fs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${ro ? ',ro' : ''}`, 'cnb-rel', dir]);
  return { dir, umount: () => execFileSync('umount', ['-l', dir]) };
}

/** Fills a file system until it has no space left. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

test(
  'the disk filling up during a run: the result goes to a fallback that is named; nothing lost, no debris',
  { skip, timeout: 240_000 },
  async () => {
    const fs = await tmpfs('40m');
    try {
      const out = join(fs.dir, 'results');
      const r = await startLabRun(suiteYaml({ repeat: 3, duration: 2, placements: ['same-node'] }), { out });
      await until('the first repetition', () => / rep 1\/3: /.test(r.cli.stderr()), 120_000);
      fill(fs.dir);
      count('faults', 1, 'disk full');
      const { code } = await r.cli.exit;
      assert.equal(code, 0, r.cli.stderr());
      const fallback = join(r.dir, 'tmp', 'cnibench-results');
      assert.match(
        r.cli.stderr(),
        /cannot save the partial result in .*no space left on the device \(ENOSPC\)/,
      );
      assert.match(r.cli.stderr(), new RegExp(`result was saved to ${fallback}`));
      const { finals } = outputs(fallback);
      assert.equal(finals.length, 1);
      const doc = await readResult(finals[0]!);
      assert.equal(lost(finishedReps(r), doc.results[0]!.repetitions.length, 'disk full'), 0);
      assert.equal(doc.results[0]!.repetitions.length, 3);
      assert.deepEqual(
        outputs(out),
        { finals: [], partials: [], temps: [] },
        'the full disk holds no partial or temp file',
      );
      assert.deepEqual(leftovers(r, runIdOf(r)), []);
    } finally {
      fs.umount();
    }
  },
);

test(
  'a read-only or nearly full output directory is refused before anything is measured',
  { skip, timeout: 120_000 },
  async () => {
    const ro = await tmpfs('8m', true);
    const tiny = await tmpfs('1m');
    try {
      for (const [dir, why] of [
        [ro.dir, /the file system is read-only \(EROFS\)/],
        [tiny.dir, /only 1\.0 MiB free, a run needs at least 32\.0 MiB/],
      ] as const) {
        const registry = await tempDir('cnb-rel-reg-');
        const t0 = Date.now();
        const r = await runCli(
          ['run', '--suite', 'quick', '--scenario', 'bridge-native', '--out-dir', join(dir, 'x')],
          {
            env: { CNIBENCH_STATE_DIR: registry },
            timeoutMs: 60_000,
          },
        );
        count('faults', 1, `output directory: ${String(why)}`);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, why);
        assert.ok(Date.now() - t0 < 20_000);
        assert.doesNotMatch(r.stderr, /^run \w+:/m, 'no run started');
        assert.deepEqual(states(registry), [], 'nothing was built');
        assert.equal(existsSync(join(dir, 'x')), false);
      }
    } finally {
      ro.umount();
      tiny.umount();
    }
  },
);

test(
  'cleanup while two lab runs measure (one with its own lab.stateDir) leaves both alone; after kill -9 of both it removes all of both',
  { skip, timeout: 300_000 },
  async () => {
    const shared = await tempDir('cnb-rel-reg-');
    const custom = await tempDir('cnb-rel-custom-');
    mkdirSync(custom, { recursive: true });
    const suite = { repeat: 6, duration: 3, placements: ['same-node'] };
    const a = await startLabRun(suiteYaml(suite), { registry: shared });
    const b = await startLabRun(suiteYaml({ ...suite, stateDir: custom }), {
      registry: shared,
      scenario: 'ptp-native',
    });
    try {
      await until('both runs measuring', () => finishedReps(a) >= 1 && finishedReps(b) >= 1, 180_000);
      const [idA, idB] = [runIdOf(a)!, runIdOf(b)!];
      const before = [namespaces(`cnb-${idA}-`).length, namespaces(`cnb-${idB}-`).length];
      const c = await cleanup(a);
      count('faults', 1, 'cleanup during two live runs');
      assert.equal(c.code, 0, c.stderr);
      assert.match(c.stdout, new RegExp(`left lab run ${idA} alone`));
      assert.match(c.stdout, new RegExp(`left lab run ${idB} alone`));
      assert.match(c.stdout, /removed 0 item/);
      assert.deepEqual([namespaces(`cnb-${idA}-`).length, namespaces(`cnb-${idB}-`).length], before);
      assert.ok(existsSync(join(custom, `lab-${idB}`)), "the custom stateDir's working files are kept");
      // both go on measuring, unharmed
      const done = [finishedReps(a), finishedReps(b)];
      await until(
        'a repetition of each after cleanup',
        () => finishedReps(a) > done[0]! && finishedReps(b) > done[1]!,
        120_000,
      );
      assert.doesNotMatch(a.cli.stderr() + b.cli.stderr(), /failed/);
      a.cli.child.kill('SIGKILL');
      b.cli.child.kill('SIGKILL');
      await Promise.all([a.cli.exit, b.cli.exit]);
      count('interruptions', 2, 'kill -9 of two runs');
      const after = await cleanup(a);
      assert.equal(after.code, 0, after.stderr);
      assert.match(after.stdout, new RegExp(`namespace cnb-${idA}-`));
      assert.match(after.stdout, new RegExp(`namespace cnb-${idB}-`));
      assert.match(after.stdout, new RegExp(`directory ${custom}/lab-${idB}`));
      assert.deepEqual(leftovers(a, idA), []);
      assert.deepEqual(leftovers(b, idB), []);
      assert.equal(existsSync(join(custom, `lab-${idB}`)), false);
      assert.match((await cleanup(a)).stdout, /removed 0 item/);
    } finally {
      for (const r of [a, b])
        if (r.cli.child.exitCode === null && r.cli.child.signalCode === null) r.cli.child.kill('SIGKILL');
    }
  },
);
