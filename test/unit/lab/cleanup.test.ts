import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, Runner } from '../../../src/exec/runner.js';
import { cleanupLab } from '../../../src/targets/lab/cleanup.js';
import { StateStore } from '../../../src/targets/lab/state-store.js';
import { processStartTime, saveState, type LabState } from '../../../src/targets/lab/state.js';
import { result } from '../measure/fake-target.js';

/** `ip netns` over a set of names: what cleanup may list, inspect and delete. */
function fakeNetns(names: string[]): { run: Runner; netns: Set<string>; deleted: string[] } {
  const netns = new Set(names);
  const deleted: string[] = [];
  const ok = (stdout = ''): CommandResult => result(stdout);
  const run: Runner = async (argv) => {
    const [, , verb, name] = argv;
    if (verb === 'list') return ok([...netns].map((n) => `${n} (id: 1)`).join('\n'));
    if (verb === 'pids') return ok('');
    if (verb === 'del' && name !== undefined) {
      netns.delete(name);
      deleted.push(name);
      return ok();
    }
    throw new Error(`unexpected command ${argv.join(' ')}`);
  };
  return { run, netns, deleted };
}

function state(
  runId: string,
  owner: { pid: number; startTime: string | null },
  more: Partial<LabState> = {},
): LabState {
  return {
    runId,
    owner,
    createdAt: new Date().toISOString(),
    namespaces: [],
    processes: [],
    dirs: [],
    ...more,
  };
}

/** A live process standing in for a run that is still measuring. */
function liveOwner(): { pid: number; startTime: string | null; stop: () => void } {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  const pid = child.pid!;
  return { pid, startTime: processStartTime(pid), stop: () => child.kill('SIGKILL') };
}

const DEAD = { pid: 2 ** 22 + 17, startTime: '1' };

test('cleanup leaves a live run alone wherever its working files are, and removes all of a dead one', async () => {
  const registry = await mkdtemp(join(tmpdir(), 'cnb-reg-'));
  const custom = await mkdtemp(join(tmpdir(), 'cnb-custom-'));
  const owner = liveOwner();
  try {
    // The live run keeps its working files under a custom lab.stateDir; its record is in the registry.
    const liveDir = join(custom, 'lab-live01');
    await mkdir(join(liveDir, 'ipam-1'), { recursive: true });
    await saveState(
      registry,
      state('live01', owner, { namespaces: ['cnb-live01-s1-node1'], dirs: [liveDir] }),
    );
    const deadDir = join(custom, 'lab-dead01');
    await mkdir(join(deadDir, 'ipam-1'), { recursive: true });
    await saveState(
      registry,
      state('dead01', DEAD, { namespaces: ['cnb-dead01-s1-node1'], dirs: [deadDir] }),
    );
    const { run, netns } = fakeNetns([
      'cnb-live01-s1-node1',
      'cnb-live01-s1-pod-a', // created after the last record the test wrote: owned by prefix
      'cnb-dead01-s1-node1',
      'cnb-dead01-s1-pod-a',
      'cnb-other9-s1-node1', // a run of another registry: nobody here recorded it
      'cnibench-node1', // not ours at all
    ]);
    const report = await cleanupLab({ run, registry, force: false });
    assert.deepEqual(report.errors, []);
    assert.deepEqual([...netns].sort(), [
      'cnb-live01-s1-node1',
      'cnb-live01-s1-pod-a',
      'cnb-other9-s1-node1',
      'cnibench-node1',
    ]);
    assert.ok(existsSync(join(liveDir, 'ipam-1')), 'the live run keeps its IPAM state');
    assert.equal(existsSync(deadDir), false, 'the dead run loses its IPAM state');
    assert.deepEqual(await readdir(registry), ['lab-live01.json']);
    assert.ok(report.kept.some((k) => k.what === 'lab run live01' && /still running/.test(k.reason)));
    assert.ok(
      report.kept.some((k) => k.what === 'namespace cnb-other9-s1-node1' && /ip netns del/.test(k.reason)),
    );
    assert.ok(report.removed.includes('namespace cnb-dead01-s1-pod-a'));
  } finally {
    owner.stop();
  }
});

test('cleanup reads state files an older version wrote to lab.stateDir, and removes temp-file debris', async () => {
  const registry = await mkdtemp(join(tmpdir(), 'cnb-reg-'));
  const legacy = await mkdtemp(join(tmpdir(), 'cnb-legacy-'));
  await saveState(legacy, state('old001', DEAD, { namespaces: ['cnb-old001-s1-node1'] }));
  await writeFile(join(registry, `lab-abc123.json.tmp-${DEAD.pid}`), '');
  const { run, netns } = fakeNetns(['cnb-old001-s1-node1']);
  const report = await cleanupLab({ run, registry, stateDir: legacy, force: false });
  assert.deepEqual(report.errors, []);
  assert.deepEqual([...netns], []);
  assert.deepEqual(await readdir(legacy), []);
  assert.deepEqual(await readdir(registry), [], "the dead writer's temp file is removed");
});

test('a damaged state file or one naming a foreign directory removes nothing it names', async () => {
  const registry = await mkdtemp(join(tmpdir(), 'cnb-reg-'));
  const victim = await mkdtemp(join(tmpdir(), 'precious-'));
  await saveState(registry, state('evil01', DEAD, { dirs: [victim] }));
  await writeFile(join(registry, 'lab-broken.json'), '{"runId": ');
  await writeFile(join(registry, 'lab-wrong1.json'), JSON.stringify({ runId: 'wrong1', namespaces: 'x' }));
  const { run } = fakeNetns([]);
  const report = await cleanupLab({ run, registry, force: false });
  assert.ok(existsSync(victim), 'a directory no lab run creates is never removed');
  assert.equal(report.errors.filter((e) => /unreadable state file/.test(e)).length, 2);
  assert.ok(report.errors.some((e) => e.includes(victim)));
});

test('the state store records into the registry, and a failed write leaves no temp file', async () => {
  const registry = await mkdtemp(join(tmpdir(), 'cnb-reg-'));
  const store = new StateStore('run001', registry);
  await store.addNamespace('cnb-run001-s1-node1');
  assert.deepEqual(await readdir(registry), ['lab-run001.json']);
  await store.remove();
  assert.deepEqual(await readdir(registry), []);
  const file = join(registry, 'not-a-dir');
  await writeFile(file, '');
  const broken = new StateStore('run002', file);
  await assert.rejects(broken.addNamespace('cnb-run002-s1-node1'));
  assert.deepEqual(await readdir(registry), ['not-a-dir']);
});
