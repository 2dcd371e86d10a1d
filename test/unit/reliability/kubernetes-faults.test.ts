import { isCnibenchError } from '../../../src/model/errors.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, resolveSuite } from '../../../src/config/load.js';
import { makeRunPlan } from '../../../src/engine/plan.js';
import { runEngine } from '../../../src/engine/run.js';
import { readResult } from '../../../src/results/read.js';
import { type ResultDocument } from '../../../src/results/schema.js';
import { writeFinal } from '../../../src/results/write.js';
import type { FakeApiServer, FakeOptions } from '../../helpers/fake-apiserver.js';
import { defaultExec } from '../../helpers/fake-apiserver-exec.js';
import { fixture } from '../../helpers/paths.js';
import { count } from '../../helpers/reliability.js';
import { scenario, withFake } from '../kubernetes/harness.js';
import { runningDoc } from '../../helpers/result-fixture.js';

/**
 * The Kubernetes target under faults, against the fake API server: the API server gone in the
 * middle of a run, the run's namespace deleted under it, its pods evicted. Each run records the
 * failures with their reasons, keeps what it measured before, and ends within a bounded time.
 */

const PING = fixture('ping', 'ok.stdout');
const REPEAT = 4;

function emptyDoc(): ResultDocument {
  return runningDoc({ id: 'k8sflt', target: 'kubernetes', suite: 'k' });
}

/** Runs an ICMP suite of REPEAT repetitions; `fault` is called as the second ping runs (it ends normally unless `drop`). */
async function runWithFault(
  fakeOpts: FakeOptions,
  fault: (fake: FakeApiServer) => 'drop' | 'answer',
): Promise<{ doc: ResultDocument; seconds: number; teardown: string; fake: FakeApiServer; ended: unknown }> {
  let pings = 0;
  const seen: { fake?: FakeApiServer } = {};
  const env = await withFake({
    ...fakeOpts,
    exec: (pod, argv, servers) => {
      const a = argv[0] === 'timeout' ? argv.slice(4) : argv;
      // the path MTU probe's DF pings (-M do) pass; the icmp measurement's are counted
      if (a[0] !== 'ping' || a.includes('-M')) return defaultExec(pod, argv, servers);
      pings += 1;
      if (pings === 2 && seen.fake !== undefined && fault(seen.fake) === 'drop')
        return Promise.resolve('drop');
      return Promise.resolve({ stdout: PING, exitCode: 0 });
    },
  });
  seen.fake = env.fake;
  const config = parseConfig(
    {
      suites: {
        k: {
          repeat: REPEAT,
          duration: 1,
          warmup: 0,
          placements: ['cross-node'],
          measurements: [{ kind: 'icmp' }],
        },
      },
    },
    't',
  );
  const plan = makeRunPlan([{ ref: scenario }], resolveSuite(config, 'k'), {});
  const t0 = Date.now();
  const doc = emptyDoc();
  // a lost cluster ends the run with TARGET_LOST (the CLI saves it as failed); other faults do not
  const ended = await runEngine({
    target: env.target,
    plan,
    doc,
    signal: new AbortController().signal,
    onEvent: () => undefined,
    save: async () => undefined,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  const seconds = (Date.now() - t0) / 1000;
  const teardown = await env.target.teardown().then(
    () => 'ok',
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  // stopped here, before any assertion: a failing test must not leave the fake holding the process open
  await env.fake.stop();
  count('faults');
  return { doc, seconds, teardown, fake: env.fake, ended };
}

/** The first repetition was measured before the fault: it must be in the saved file. */
async function assertKept(doc: ResultDocument): Promise<void> {
  const file = await writeFinal(await mkdtemp(join(tmpdir(), 'cnb-k8s-')), doc, { fallbacks: [] });
  const saved = await readResult(file);
  const first = saved.results[0]?.repetitions[0];
  const lost = first?.status === 'ok' ? 0 : 1;
  count('lost', lost, lost > 0 ? 'kubernetes: the repetition before the fault' : '');
  assert.equal(first?.status, 'ok', 'the repetition measured before the fault is saved');
}

test('the API server gone mid-run: failures say it cannot be reached, within a bounded time; results so far kept', async () => {
  const r = await runWithFault({}, (fake) => {
    void fake.stop();
    return 'drop';
  });
  assert.ok(r.seconds < 90, `the run ended ${r.seconds} s after it started`);
  // the run ends at the repetition that found the cluster gone, instead of failing every step
  assert.ok(isCnibenchError(r.ended), `the run ends with an error: ${String(r.ended)}`);
  assert.equal(r.ended.code, 'TARGET_LOST');
  assert.match(r.ended.message, /stopped answering/);
  const reps = r.doc.results[0]!.repetitions;
  assert.deepEqual(
    reps.map((x) => x.status),
    ['ok', 'failed'],
  );
  assert.deepEqual(
    r.doc.failures.map((f) => f.error.code),
    ['TARGET_LOST'],
  );
  await assertKept(r.doc);
});

test('the run namespace deleted under a run: not-found failures with the reason; teardown completes', async () => {
  const r = await runWithFault({ strictExec: true }, (fake) => {
    for (const ns of [...fake.namespaces.keys()]) {
      fake.namespaces.delete(ns);
      for (const k of [...fake.pods.keys()]) if (k.startsWith(`${ns}/`)) fake.pods.delete(k);
    }
    return 'answer';
  });
  const reps = r.doc.results[0]!.repetitions;
  assert.deepEqual(
    reps.map((x) => x.status),
    ['ok', 'ok', 'failed', 'failed'],
  );
  for (const f of r.doc.failures) assert.match(f.error.message, /the pod or container is gone \(HTTP 404\)/);
  assert.equal(r.teardown, 'ok');
  assert.equal(r.fake.namespaces.size, 0);
  await assertKept(r.doc);
});

test("pods evicted mid-run: failures carry the API server's reason; teardown removes the namespace", async () => {
  const r = await runWithFault({ strictExec: true }, (fake) => {
    fake.setPodStatus(() => ({
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.',
    }));
    return 'answer';
  });
  const reps = r.doc.results[0]!.repetitions;
  assert.deepEqual(
    reps.map((x) => x.status),
    ['ok', 'ok', 'failed', 'failed'],
  );
  for (const f of r.doc.failures) {
    assert.equal(f.error.code, 'K8S_POD_FAILED');
    assert.match(
      f.error.message,
      /the pod has ended \(phase Failed, Evicted: The node was low on resource: memory\.\)/,
    );
  }
  assert.equal(r.teardown, 'ok');
  assert.equal(r.fake.namespaces.size, 0);
  await assertKept(r.doc);
});
