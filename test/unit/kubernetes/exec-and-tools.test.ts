import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CnibenchError } from '../../../src/model/errors.js';
import type { Runner } from '../../../src/exec/runner.js';
import { KubernetesSettings } from '../../../src/targets/kubernetes/schema.js';
import { KubeApi } from '../../../src/targets/kubernetes/api/index.js';
import {
  cleanupKubernetes,
  doctorKubernetes,
  KubernetesTarget,
} from '../../../src/targets/kubernetes/index.js';
import { FakeApiServer } from '../../helpers/fake-apiserver.js';
import { defaultExec } from '../../helpers/fake-apiserver-exec.js';
import { scenario, signal, withFake } from './harness.js';

test('exec results are data: exit code, stderr, timeout, dropped connection', async () => {
  const { fake, target } = await withFake({
    exec: (pod, argv, servers) => {
      const cmd = argv.slice(4).join(' ');
      if (cmd === 'false-ish') return Promise.resolve({ stderr: 'boom\n', exitCode: 3 });
      // like coreutils `timeout S` in the container: stops the command after S seconds with 124
      if (cmd === 'slow')
        return new Promise((r) => setTimeout(() => r({ exitCode: 124 }), Number(argv[3]) * 1000));
      if (cmd === 'hang') return new Promise(() => undefined);
      if (cmd === 'drop') return Promise.resolve('drop');
      if (cmd.startsWith('sh -c echo $$') && cmd.endsWith('broken-server')) {
        return Promise.resolve({ stderr: 'iperf3: error - unable to start listener\n', exitCode: 1 });
      }
      return defaultExec(pod, argv, servers);
    },
  });
  try {
    const session = await target.openScenario(scenario, signal());
    const p = await session.preparePath('cross-node', signal());
    const failed = await session.exec(p.client, ['false-ish'], { timeoutMs: 5000 });
    assert.deepEqual([failed.exitCode, failed.stderr, failed.timedOut], [3, 'boom\n', false]);
    const slow = await session.exec(p.client, ['slow'], { timeoutMs: 1000 });
    assert.deepEqual([slow.exitCode, slow.timedOut], [124, true]);
    // a container that never answers: the connection is closed a few seconds after the deadline
    const hang = await session.exec(p.client, ['hang'], { timeoutMs: 100 });
    assert.equal(hang.timedOut, true);
    assert.ok(hang.durationMs < 8000, `closed after the deadline (${hang.durationMs} ms)`);
    const dropped = await session.exec(p.client, ['drop'], { timeoutMs: 5000 });
    assert.equal(dropped.exitCode, null);
    assert.match(dropped.stderr, /closed before the command reported its exit status/);
    await assert.rejects(
      session.startServer(p.server, ['broken-server'], { readyPattern: /listening/, readyTimeoutMs: 2000 }),
      (e: CnibenchError) =>
        e.code === 'SERVER_START_FAILED' &&
        /ended before it was ready/.test(e.message) &&
        /unable to start listener/.test(e.details ?? ''),
    );
    const srv = await session.startServer(p.server, ['iperf3', '-s'], { readyTimeoutMs: 1000 });
    assert.equal((await srv.stop()).stdout, 'server output\n');
  } finally {
    await target.teardown();
    await fake.stop();
  }
  assert.equal(fake.namespaces.size, 0);
});

test('setup command, then the listed DaemonSet rollouts; a failing setup names the command', async () => {
  const cilium = {
    metadata: { name: 'cilium', namespace: 'kube-system', generation: 2 },
    status: {
      observedGeneration: 1,
      desiredNumberScheduled: 2,
      updatedNumberScheduled: 0,
      numberAvailable: 0,
    },
  };
  const fake = await new FakeApiServer({ daemonSets: [cilium] }).start();
  const calls: { argv: readonly string[]; env: Record<string, string> | undefined }[] = [];
  let exit = 0;
  const runner: Runner = (argv, o) => {
    calls.push({ argv, env: o.env });
    return Promise.resolve({
      exitCode: exit,
      signal: null,
      stdout: '',
      stderr: exit ? 'Error: UPGRADE FAILED\n' : '',
      durationMs: 5,
      timedOut: false,
    });
  };
  const logs: string[] = [];
  const target = new KubernetesTarget({
    runId: 'r2',
    settings: KubernetesSettings.parse({}),
    log: (m) => logs.push(m),
    runner,
    kubeconfig: fake.kubeconfig,
  });
  const s = {
    ...scenario,
    setup: 'helm upgrade cilium cilium/cilium --reuse-values',
    waitFor: ['kube-system/cilium'],
    waitTimeout: '20s',
  };
  setTimeout(
    () =>
      (cilium.status = {
        observedGeneration: 2,
        desiredNumberScheduled: 2,
        updatedNumberScheduled: 2,
        numberAvailable: 2,
      }),
    2500,
  );
  try {
    await target.openScenario(s, signal());
    assert.deepEqual(calls[0]?.argv, ['sh', '-c', s.setup]);
    assert.equal(calls[0]?.env?.['CNIBENCH_NAMESPACE'], 'cnibench-r2');
    assert.ok(fake.count('GET', /daemonsets\/cilium$/) >= 2, 'polled the rollout');
    assert.ok(logs.includes('waiting for the rollout of DaemonSet kube-system/cilium'));
    exit = 1;
    await assert.rejects(
      target.openScenario(s, signal()),
      (e: CnibenchError) =>
        e.code === 'SETUP_COMMAND_FAILED' &&
        e.message.includes('helm upgrade cilium') &&
        /UPGRADE FAILED/.test(e.details ?? ''),
    );
  } finally {
    await target.teardown();
    await fake.stop();
  }
  assert.equal(fake.namespaces.size, 0);
});

test('cleanup removes every labelled namespace and stray object, and nothing else', async () => {
  const fake = await new FakeApiServer().start();
  const managed = { 'app.kubernetes.io/managed-by': 'cnibench', 'cnibench.io/run': 'old' };
  fake.namespaces.set('cnibench-old', { metadata: { name: 'cnibench-old', labels: managed } });
  fake.namespaces.set('cnibench-older', {
    metadata: { name: 'cnibench-older', labels: { ...managed, 'cnibench.io/run': 'older' } },
  });
  fake.namespaces.set('prod', { metadata: { name: 'prod' } });
  fake.pods.set('default/stray', { metadata: { name: 'stray', namespace: 'default', labels: managed } });
  fake.pods.set('prod/web', { metadata: { name: 'web', namespace: 'prod' } });
  try {
    const only = await cleanupKubernetes({ kubeconfig: fake.kubeconfig, runId: 'older' });
    assert.deepEqual(only.namespaces, ['cnibench-older']);
    const r = await cleanupKubernetes({ kubeconfig: fake.kubeconfig });
    assert.deepEqual(r.namespaces, ['cnibench-old']);
    assert.deepEqual(r.objects, ['pod default/stray']);
    assert.deepEqual([...fake.namespaces.keys()], ['prod']);
    assert.deepEqual([...fake.pods.keys()], ['prod/web']);
  } finally {
    await fake.stop();
  }
});

test('doctor reports checks as data, with fixes', async () => {
  const fake = await new FakeApiServer().start();
  try {
    const ok = await doctorKubernetes({ kubeconfig: fake.kubeconfig });
    assert.deepEqual(
      ok.map((c) => [c.name, c.ok]),
      [
        ['kubeconfig', true],
        ['API server', true],
        ['permissions', true],
        ['nodes', true],
        ['CNI', true],
        ['resource metrics', true],
        ['cluster DNS', true],
      ],
    );
    fake.faults.push({
      method: 'POST',
      path: /selfsubjectaccessreviews/,
      status: 201,
      times: 9,
      body: { status: { allowed: false } },
    });
    const denied = await doctorKubernetes({ kubeconfig: fake.kubeconfig });
    const perm = denied.find((c) => c.name === 'permissions')!;
    assert.equal(perm.ok, false);
    assert.match(
      perm.detail,
      /missing: create namespaces, delete namespaces, list nodes, create pods, watch pods, create pods\/exec/,
    );
    assert.match(perm.fix ?? '', /deploy\/rbac\.yaml/);
    const noContext = await doctorKubernetes({ kubeconfig: fake.kubeconfig, context: 'prod' });
    assert.deepEqual(
      noContext.map((c) => [c.name, c.ok]),
      [['kubeconfig', false]],
    );
    assert.match(noContext[0]!.detail, /has no context "prod"/);
    assert.match(noContext[0]!.fix ?? '', /use one of: fake/);
  } finally {
    await fake.stop();
  }
  assert.throws(
    () => new KubeApi({ kubeconfig: '/nonexistent/kubeconfig' }),
    (e: CnibenchError) =>
      e.code === 'K8S_CONFIG' && /cannot load kubeconfig \/nonexistent\/kubeconfig/.test(e.message),
  );
});
