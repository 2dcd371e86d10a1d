import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CnibenchError } from '../../../src/model/errors.js';
import { podnetMeasurement } from '../../../src/measure/podnet.js';
import type { Pod } from '../../../src/targets/kubernetes/api/index.js';
import type { PreparedPath, ScenarioSession } from '../../../src/targets/target.js';
import { readyStatus, type FakeApiServer, type FakeOptions } from '../../helpers/fake-apiserver.js';
import { TIMING } from '../measure/fake-target.js';
import { scenario, signal, withFake } from './harness.js';

const NS = 'cnibench-r1';
const attached = (p: Pod): boolean => p.metadata.name?.startsWith('att-') === true;

const PENDING: Pod['status'] = {
  phase: 'Pending',
  conditions: [{ type: 'PodScheduled', status: 'True' }],
  containerStatuses: [
    { name: 'tools', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
  ],
};

function waiting(reason: string, message: string): Pod['status'] {
  return {
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'True' }],
    containerStatuses: [
      {
        name: 'tools',
        ready: false,
        restartCount: 0,
        image: 'localhost/cnibench-tools:latest',
        state: { waiting: { reason, message } },
      },
    ],
  };
}

/** Attached pods get `status`; the scenario's own pods are Ready at once. */
function attachedStatus(status: (p: Pod) => Pod['status']): FakeOptions['podStatus'] {
  return (p, i) => (attached(p) ? status(p) : readyStatus(`10.244.0.${i + 2}`));
}

/** The attached pods still in the fake. */
const attachedLeft = (fake: FakeApiServer): string[] =>
  [...fake.pods.values()].filter(attached).map((p) => p.metadata.name ?? '');

async function withSession(
  opts: FakeOptions,
  settings: Record<string, unknown>,
  fn: (s: ScenarioSession, path: PreparedPath, fake: FakeApiServer) => Promise<void>,
): Promise<void> {
  const { fake, target } = await withFake(opts, settings);
  try {
    const session = await target.openScenario(scenario, signal());
    const path = await session.preparePath('cross-node', signal());
    await fn(session, path, fake);
  } finally {
    await target.teardown();
    await fake.stop();
  }
}

async function attachError(
  session: ScenarioSession,
  path: PreparedPath,
  s = signal(),
): Promise<CnibenchError> {
  try {
    await session.attachPod!(path, s);
  } catch (e) {
    assert.ok(e instanceof CnibenchError, String(e));
    return e;
  }
  assert.fail('expected the attach to fail');
}

test('pod-attach is offered; the pod is timed from create to Ready and pinned to the client node', async () => {
  await withSession({ podStatus: attachedStatus(() => PENDING) }, {}, async (session, path, fake) => {
    assert.equal(session.supports('pod-attach'), true);
    setTimeout(() => fake.setPodStatus((p) => (attached(p) ? readyStatus('10.244.9.9') : p.status)), 300);
    const before = Date.now();
    const pod = await session.attachPod!(path, signal());
    const after = Date.now();
    assert.ok(pod.addMs >= 280 && pod.addMs < 2000, `addMs ${pod.addMs}`);
    assert.ok(pod.readyAtMs >= before + 280 && pod.readyAtMs <= after, 'readyAtMs when Ready was seen');
    assert.equal(pod.probe, undefined, 'Kubernetes starts no command before the network exists');
    assert.deepEqual(pod.endpoint, { id: 'att-1', node: path.client.node, address: '10.244.9.9' });
    const created = fake.pods.get(`${NS}/att-1`)!;
    assert.equal(created.metadata.labels?.['cnibench.io/run'], 'r1', 'the run labels, so cleanup finds it');
    assert.equal(created.metadata.labels?.['app.kubernetes.io/managed-by'], 'cnibench');
    assert.match(JSON.stringify(created.spec?.affinity), new RegExp(`"values":\\["${path.client.node}"\\]`));
    assert.equal(fake.count('GET', /\/pods\?fieldSelector=metadata.name%3Datt-1&watch=1/), 1, 'one watch');

    const r = await session.exec(pod.endpoint, ['hello'], { timeoutMs: 5000 });
    assert.equal(r.stdout, 'ran hello\n');
    assert.ok(fake.requests.some((q) => q.method === 'EXEC' && q.path.includes('/pods/att-1/exec')));

    const [d1, d2] = await Promise.all([pod.remove(), pod.remove()]);
    assert.ok(d1.delMs >= 0);
    assert.deepEqual(d2, d1);
    assert.deepEqual(await pod.remove(), d1, 'idempotent');
    assert.equal(fake.count('DELETE', /\/pods\/att-1$/), 1);
    assert.deepEqual(attachedLeft(fake), []);
    assert.throws(
      () => void session.exec(pod.endpoint, ['hello'], { timeoutMs: 1000 }),
      (e: CnibenchError) => e.code === 'INTERNAL',
      'a removed pod is forgotten',
    );
  });
});

test('Unschedulable: the expired wait names the pod and the scheduler, and the pod is deleted', async () => {
  const msg = '0/2 nodes are available: 2 Insufficient cpu.';
  const status = (): Pod['status'] => ({
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }],
  });
  await withSession(
    { podStatus: attachedStatus(status) },
    { podReadyTimeout: '1s' },
    async (s, path, fake) => {
      const t0 = Date.now();
      const e = await attachError(s, path);
      assert.equal(e.code, 'K8S_WAIT_EXPIRED');
      assert.equal(e.message, `pod att-1 in namespace ${NS} was not Ready after 1 s: Unschedulable: ${msg}`);
      assert.match(e.hint ?? '', /kubernetes\.requests/);
      assert.ok(Date.now() - t0 < 3000, 'the timeout is podReadyTimeout');
      assert.deepEqual(attachedLeft(fake), []);
      assert.equal(fake.count('DELETE', /\/pods\/att-1$/), 1);
    },
  );
});

test('ImagePullBackOff until the timeout: the error carries the pull message', async () => {
  const status = (): Pod['status'] => waiting('ImagePullBackOff', 'Back-off pulling image "x"');
  await withSession(
    { podStatus: attachedStatus(status) },
    { podReadyTimeout: '1s' },
    async (s, path, fake) => {
      const e = await attachError(s, path);
      assert.equal(e.code, 'K8S_WAIT_EXPIRED');
      assert.match(e.message, /att-1 .*: ImagePullBackOff: image localhost\/cnibench-tools:latest: Back-off/);
      assert.match(e.hint ?? '', /kubernetes\.image/);
      assert.deepEqual(attachedLeft(fake), []);
    },
  );
});

test('a pod that turns hopeless while starting fails at once, not at the timeout', async () => {
  await withSession(
    { podStatus: attachedStatus(() => PENDING) },
    { podReadyTimeout: '20s' },
    async (s, path, fake) => {
      const never = waiting('ErrImageNeverPull', 'image is not present with pull policy of Never');
      setTimeout(() => fake.setPodStatus((p) => (attached(p) ? never : p.status)), 200);
      const t0 = Date.now();
      const e = await attachError(s, path);
      assert.equal(e.code, 'K8S_POD_FAILED');
      assert.match(e.message, /^pod att-1 in namespace cnibench-r1 cannot start: ErrImageNeverPull/);
      assert.ok(Date.now() - t0 < 2000, `failed early (${Date.now() - t0} ms)`);
      assert.deepEqual(attachedLeft(fake), []);
    },
  );
});

test("admission refusal: the policy's message, nothing left behind", async () => {
  const message = 'pods "att-1" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true';
  const admit: FakeOptions['admit'] = (p) => (attached(p) ? { code: 403, message } : undefined);
  await withSession({ admit }, {}, async (s, path, fake) => {
    const e = await attachError(s, path);
    assert.equal(e.code, 'K8S_POD_FAILED');
    assert.equal(e.message, `pod att-1 in namespace ${NS} was refused: ${message}`);
    assert.match(e.hint ?? '', /managed-by=cnibench/);
    assert.deepEqual(attachedLeft(fake), []);
  });
});

test('abort: the wait ends at once with INTERRUPTED and the pod is deleted', async () => {
  await withSession(
    { podStatus: attachedStatus(() => PENDING) },
    { podReadyTimeout: '20s' },
    async (s, path, fake) => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      const t0 = Date.now();
      const e = await attachError(s, path, ac.signal);
      assert.equal(e.code, 'INTERRUPTED');
      assert.ok(Date.now() - t0 < 1500, `ended at once (${Date.now() - t0} ms)`);
      assert.deepEqual(attachedLeft(fake), []);
    },
  );
});

test('a dropped watch and an expired resource version: the pod is read again and followed', async () => {
  await withSession({ podStatus: attachedStatus(() => PENDING) }, {}, async (s, path, fake) => {
    fake.faults.push({ path: /att-1&watch=1/, drop: true, times: 1 });
    fake.faults.push({
      path: /att-1&watch=1/,
      times: 1,
      watchEvent: {
        type: 'ERROR',
        object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' },
      },
    });
    setTimeout(() => fake.setPodStatus((p) => (attached(p) ? readyStatus('10.244.9.8') : p.status)), 800);
    const pod = await s.attachPod!(path, signal());
    assert.equal(pod.endpoint.address, '10.244.9.8');
    assert.ok(fake.count('GET', /\/pods\/att-1$/) >= 2, 'read again after each failed watch');
    await pod.remove();
  });
});

test('churn: pods attached at once get distinct names; one failing pod leaves none behind', async () => {
  const bad = waiting('ErrImageNeverPull', 'image is not present with pull policy of Never');
  const status = (p: Pod): Pod['status'] => (p.metadata.name === 'att-4' ? bad : readyStatus('10.244.7.7'));
  await withSession({ podStatus: attachedStatus(status) }, {}, async (session, path, fake) => {
    const v = podnetMeasurement.plan({ kind: 'podnet', tests: ['churn'], churn: [6] }, TIMING)[0]!;
    const ctx = { target: session, path, ...TIMING, port: 5301, signal: signal() };
    const out = await v.run(ctx);
    assert.equal(out.status, 'failed');
    assert.ok(out.status === 'failed' && /att-4 .*ErrImageNeverPull/.test(out.error.message));
    const created = fake.requests.filter((r) => r.method === 'POST' && /\/pods$/.test(r.path)).length;
    assert.equal(created, 5 + 6, "the scenario's pods, then six attached");
    assert.deepEqual(attachedLeft(fake), [], 'every created pod deleted');
    for (let i = 1; i <= 6; i++) assert.equal(fake.count('DELETE', new RegExp(`/pods/att-${i}$`)), 1);

    const ok = await v.run(ctx);
    assert.equal(ok.status, 'ok', JSON.stringify(ok));
    assert.ok(ok.status === 'ok' && ok.metrics['pods_per_s']! > 0 && ok.metrics['add_p50_ms']! >= 0);
    assert.deepEqual(attachedLeft(fake), []);
  });
});

test('the mesh session does not offer attachPod', async () => {
  const { SessionDelegate } = await import('../../../src/targets/session-delegate.js');
  assert.equal('attachPod' in SessionDelegate.prototype, false);
});
