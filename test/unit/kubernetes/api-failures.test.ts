import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CnibenchError } from '../../../src/model/errors.js';
import { readyStatus } from '../../helpers/fake-apiserver.js';
import { scenario, signal, withFake } from './harness.js';

/** Runs prepareScenario expecting a CnibenchError; returns it. */
async function failing(p: Promise<unknown>): Promise<CnibenchError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CnibenchError, `expected a CnibenchError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected prepareScenario to fail');
}

test('403 on creating the Service: K8S_FORBIDDEN naming action, namespace and RBAC fix; namespace deleted', async () => {
  const { fake, target } = await withFake();
  fake.faults.push({
    method: 'POST',
    path: /\/services$/,
    status: 403,
    body: {
      kind: 'Status',
      code: 403,
      reason: 'Forbidden',
      message:
        'services is forbidden: User "dev" cannot create resource "services" in API group "" in the namespace "cnibench-r1"',
    },
  });
  const e = await failing(target.openScenario(scenario, signal()));
  assert.equal(e.code, 'K8S_FORBIDDEN');
  assert.match(e.message, /creating services in namespace cnibench-r1/);
  assert.match(e.message, /User "dev" cannot create/);
  assert.match(e.hint ?? '', /deploy\/rbac\.yaml/);
  assert.equal(fake.namespaces.size, 0, 'namespace deleted after the failure');
  await fake.stop();
});

test('404 on creating pods (namespace deleted under us): K8S_NOT_FOUND with context', async () => {
  const { fake, target } = await withFake();
  fake.faults.push({
    method: 'POST',
    path: /\/pods$/,
    status: 404,
    body: { kind: 'Status', code: 404, reason: 'NotFound', message: 'namespaces "cnibench-r1" not found' },
  });
  const e = await failing(target.openScenario(scenario, signal()));
  assert.equal(e.code, 'K8S_NOT_FOUND');
  assert.match(e.message, /creating pods in namespace cnibench-r1/);
  assert.equal(fake.namespaces.size, 0);
  await fake.stop();
});

test('409: a namespace cnibench did not create is reported and left alone', async () => {
  const { fake, target } = await withFake();
  fake.namespaces.set('cnibench-r1', { metadata: { name: 'cnibench-r1', labels: { team: 'x' } } });
  const e = await failing(target.openScenario(scenario, signal()));
  assert.equal(e.code, 'K8S_CONFLICT');
  assert.match(e.message, /namespace cnibench-r1 already exists and cnibench did not create it/);
  assert.match(e.hint ?? '', /namespacePrefix/);
  assert.ok(fake.namespaces.has('cnibench-r1'), "someone else's namespace is not deleted");
  assert.equal(fake.count('DELETE', /namespaces/), 0);
  await fake.stop();
});

test("409: the same run's leftover namespace is replaced", async () => {
  const { fake, target } = await withFake();
  const labels = { 'app.kubernetes.io/managed-by': 'cnibench', 'cnibench.io/run': 'r1' };
  fake.namespaces.set('cnibench-r1', { metadata: { name: 'cnibench-r1', labels } });
  await target.openScenario(scenario, signal());
  assert.equal(fake.count('DELETE', /namespaces\/cnibench-r1/), 1);
  await target.teardown();
  assert.equal(fake.namespaces.size, 0);
  await fake.stop();
});

test('500 from the API server: retried for reads, reported with context for writes', async () => {
  const { fake, target } = await withFake();
  fake.faults.push({ method: 'GET', path: /^\/api\/v1\/nodes$/, status: 500, times: 2 });
  fake.faults.push({
    method: 'POST',
    path: /\/pods$/,
    status: 500,
    times: 1,
    body: { kind: 'Status', code: 500, message: 'etcdserver: request timed out' },
  });
  const e = await failing(target.openScenario(scenario, signal()));
  assert.equal(fake.count('GET', /^\/api\/v1\/nodes$/), 3, 'two failed reads retried');
  assert.equal(e.code, 'K8S_API');
  assert.match(
    e.message,
    /API server error 500 while creating pods in namespace cnibench-r1.*etcdserver: request timed out/,
  );
  assert.equal(fake.namespaces.size, 0);
  await fake.stop();
});

test('410 Gone and an ended watch: the wait lists again and continues', async () => {
  const { fake, target } = await withFake({
    podStatus: () => ({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] }),
  });
  fake.faults.push({
    path: /watch=1/,
    watchEvent: {
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (50)' },
    },
  });
  fake.faults.push({ path: /watch=1/, endWatch: true });
  setTimeout(
    () => fake.setPodStatus((p) => readyStatus(p.spec?.hostNetwork ? '10.250.0.11' : '10.244.0.9')),
    1500,
  );
  const session = await target.openScenario(scenario, signal());
  const env = session.environment;
  assert.equal(env['kubernetes_version'], 'v1.20.2');
  assert.ok(
    fake.count('GET', /\/pods\?labelSelector=[^&]*$/) >= 3,
    'listed again after 410 and after the watch ended',
  );
  await target.teardown();
  assert.equal(fake.namespaces.size, 0);
  await fake.stop();
});

test('a slow API server: the request times out with a clear message', async () => {
  const { fake, target } = await withFake({}, {}, { requestTimeoutMs: 300 });
  fake.faults.push({ method: 'POST', path: /\/services$/, delayMs: 1500 });
  const e = await failing(target.openScenario(scenario, signal()));
  assert.equal(e.code, 'K8S_UNREACHABLE');
  assert.match(e.message, /while creating services in namespace cnibench-r1: no answer in time/);
  assert.equal(fake.namespaces.size, 0);
  await fake.stop();
});

test('dropped connections: reads are retried; a dropped write is reported', async () => {
  const { fake, target } = await withFake();
  fake.faults.push({ method: 'GET', path: /^\/version$/, drop: true, times: 2 });
  fake.faults.push({ method: 'POST', path: /\/services$/, drop: true });
  const e = await failing(target.openScenario(scenario, signal()));
  assert.equal(fake.count('GET', /^\/version$/), 3);
  assert.equal(e.code, 'K8S_UNREACHABLE');
  assert.match(
    e.message,
    /cannot reach the API server http:\/\/127\.0\.0\.1:\d+ \(context fake\) while creating services/,
  );
  assert.match(e.message, /socket hang up|ECONNRESET/);
  assert.equal(fake.namespaces.size, 0);
  await fake.stop();
});

test('an answer that is not JSON (a proxy page) is reported as such', async () => {
  const { fake, target } = await withFake();
  fake.faults.push({ method: 'GET', path: /^\/api\/v1\/nodes$/, raw: '<html>login required</html>' });
  const e = await failing(target.openScenario(scenario, signal()));
  assert.equal(e.code, 'K8S_API');
  assert.match(e.message, /answered reading nodes with something that is not JSON: <html>login required/);
  await fake.stop();
});
