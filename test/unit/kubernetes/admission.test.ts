import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig, resolveSuite } from '../../../src/config/load.js';
import { makeRunPlan } from '../../../src/engine/plan.js';
import { runEngine } from '../../../src/engine/run.js';
import { type ResultDocument } from '../../../src/results/schema.js';
import type { Pod } from '../../../src/targets/kubernetes/api/index.js';
import { PSA_ENFORCE } from '../../../src/targets/kubernetes/manifests.js';
import { defaultExec } from '../../helpers/fake-apiserver-exec.js';
import type { FakeOptions } from '../../helpers/fake-apiserver.js';
import { fixture } from '../../helpers/paths.js';
import { scenario, withFake } from './harness.js';
import { runningDoc } from '../../helpers/result-fixture.js';

const PSA =
  'pods "host-a" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)';
const WEBHOOK =
  'admission webhook "validate.kyverno.svc-fail" denied the request: policy Pod/cnibench-r1/host-b for resource violation: disallow-host-namespaces: host-namespaces: validation error: Sharing the host namespaces is disallowed.';

const tcpOk = fixture('iperf3', 'tcp-1stream.json');

/** Pods answer iperf3 clients with a real client's JSON; everything else as the fake does. */
const execIperf: FakeOptions['exec'] = (pod, argv, servers, stream) =>
  argv[4] === 'iperf3' && argv[5] === '-c' // after the `timeout -k 2 S` wrapper
    ? Promise.resolve({ stdout: tcpOk, exitCode: 0 })
    : defaultExec(pod, argv, servers, stream);

/** Pod Security Admission at `baseline` for namespaces not labelled privileged. */
const psa: FakeOptions['admit'] = (pod: Pod, ns) =>
  pod.spec?.hostNetwork === true && ns.metadata.labels?.[PSA_ENFORCE] !== 'privileged'
    ? { code: 403, message: PSA.replace('host-a', pod.metadata.name ?? '') }
    : undefined;

function emptyDoc(): ResultDocument {
  return runningDoc({ id: 'r1', target: 'kubernetes', suite: 't' });
}

/** One TCP repetition on every placement, against a fake API server with the given admission. */
async function runWith(admit: FakeOptions['admit'], settings: Record<string, unknown> = {}) {
  const { fake, target } = await withFake({ admit, exec: execIperf }, settings);
  const config = parseConfig(
    {
      suites: {
        t: {
          repeat: 1,
          duration: 1,
          warmup: 0,
          placements: ['same-node', 'cross-node', 'host', 'service'],
          measurements: [{ kind: 'tcp', streams: [1] }],
        },
      },
    },
    't',
  );
  const plan = makeRunPlan([{ ref: scenario }], resolveSuite(config, 't'));
  try {
    const doc = await runEngine({
      target,
      plan,
      doc: emptyDoc(),
      signal: new AbortController().signal,
      onEvent: () => undefined,
      save: () => Promise.resolve(),
    });
    await target.teardown();
    await target.finish();
    return { doc, fake, namespaces: fake.namespaces.size };
  } finally {
    await fake.stop();
  }
}

const measured = (doc: ResultDocument): string[] =>
  doc.results.filter((r) => r.repetitions.some((x) => x.status === 'ok')).map((r) => r.placement);

test('Pod Security Admission refuses host-network pods: host is skipped with its message, the rest measured', async () => {
  const { doc, fake, namespaces } = await runWith(psa);
  assert.deepEqual(measured(doc), ['same-node', 'cross-node', 'service']);
  const skipped = doc.scenarios[0]!.unsupportedPlacements;
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0]!.placement, 'host');
  assert.match(
    skipped[0]!.reason,
    /host-network pods are not admitted: pods "host-(a|b)" is forbidden: violates PodSecurity "baseline:latest"/,
  );
  assert.match(skipped[0]!.reason, /--privileged-namespace/);
  assert.deepEqual(doc.failures, []);
  assert.equal(fake.count('POST', /\/pods$/), 5, 'both host pods were tried once, no retries');
  assert.equal(namespaces, 0, 'namespace deleted');
});

test('an admission webhook denial (HTTP 400, Kyverno-style message): host skipped with that message', async () => {
  const { doc } = await runWith((pod) =>
    pod.spec?.hostNetwork === true ? { code: 400, message: WEBHOOK } : undefined,
  );
  assert.deepEqual(measured(doc), ['same-node', 'cross-node', 'service']);
  assert.match(
    doc.scenarios[0]!.unsupportedPlacements[0]!.reason,
    /admission webhook "validate\.kyverno\.svc-fail" denied the request: .*Sharing the host namespaces is disallowed/,
  );
});

test('--privileged-namespace: the namespace is labelled enforce=privileged and host is measured', async () => {
  const { doc } = await runWith(psa, { privilegedNamespace: true });
  assert.deepEqual(measured(doc), ['same-node', 'cross-node', 'host', 'service']);
  assert.deepEqual(doc.scenarios[0]!.unsupportedPlacements, []);
});

test('other refusals of a pod are not taken for admission: the scenario fails with the API error', async () => {
  const { doc } = await runWith(() => ({
    code: 403,
    message:
      'pods is forbidden: User "dev" cannot create resource "pods" in API group "" in the namespace "cnibench-r1"',
  }));
  assert.equal(doc.scenarios[0]!.status, 'failed');
  assert.equal(doc.scenarios[0]!.error?.code, 'K8S_FORBIDDEN');
  assert.deepEqual(doc.results, []);
});
