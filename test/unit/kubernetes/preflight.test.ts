import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CnibenchError } from '../../../src/model/errors.js';
import type { Pod } from '../../../src/targets/kubernetes/api/index.js';
import { KubeApi } from '../../../src/targets/kubernetes/api/index.js';
import { doctorKubernetes } from '../../../src/targets/kubernetes/doctor.js';
import { imageFix } from '../../../src/targets/kubernetes/image-help.js';
import { KubernetesSettings } from '../../../src/targets/kubernetes/schema.js';
import { defaultExec } from '../../helpers/fake-apiserver-exec.js';
import { fakeNode, FakeApiServer, type FakeOptions } from '../../helpers/fake-apiserver.js';
import { fixture } from '../../helpers/paths.js';
import { scenario, signal, withFake } from './harness.js';

const NEEDS = [
  { measurement: 'tcp streams=1', programs: ['iperf3'] },
  { measurement: 'dns rate=100/s', programs: ['dnsperf'] },
  { measurement: 'transfer protocol=ftp,size=256M', programs: ['vsftpd', 'head', 'curl'] },
];

/** Pods whose image has every program but `lacking`. */
const imageWithout =
  (...lacking: string[]): FakeOptions['exec'] =>
  (pod, argv, servers, stream) => {
    const script = argv[6] ?? '';
    if (argv[4] === 'sh' && script.startsWith('for t in')) {
      const asked = argv.slice(8);
      return Promise.resolve({
        stdout: asked
          .filter((t) => lacking.includes(t))
          .map((t) => `missing: ${t}\n`)
          .join(''),
        exitCode: 0,
      });
    }
    return defaultExec(pod, argv, servers, stream);
  };

async function doctor(fakeOpts: FakeOptions, settings: Record<string, unknown> = {}) {
  const fake = await new FakeApiServer(fakeOpts).start();
  try {
    const checks = await doctorKubernetes({
      kubeconfig: fake.kubeconfig,
      settings: KubernetesSettings.parse({ podReadyTimeout: '3s', ...settings }),
      tools: NEEDS,
      connect: (o) => new KubeApi({ ...o, backoffMs: 20, requestTimeoutMs: 2000 }),
    });
    return { byName: new Map(checks.map((c) => [c.name, c])), fake, left: fake.namespaces.size };
  } finally {
    await fake.stop();
  }
}

test('doctor: the image on each node, its programs, host-network admission, then nothing left', async () => {
  const { byName, fake, left } = await doctor({ exec: imageWithout() });
  assert.equal(byName.get('tools image')?.ok, true);
  assert.match(byName.get('tools image')!.detail, /pulled and started on node1 and node2/);
  assert.equal(byName.get('programs')?.ok, true);
  assert.equal(byName.get('host network')?.ok, true);
  assert.equal(fake.count('POST', /\/pods\?dryRun=All$/), 1, 'the host-network pod is only a dry run');
  assert.equal(left, 0);
});

test('doctor: an image without dnsperf names the measurements that would fail', async () => {
  const { byName } = await doctor({ exec: imageWithout('dnsperf', 'vsftpd') });
  const p = byName.get('programs')!;
  assert.equal(p.ok, false);
  assert.equal(
    p.detail,
    'on node1 the image lacks dnsperf (dns rate=100/s); vsftpd (transfer protocol=ftp,size=256M): 2 measurement variant(s) would fail',
  );
  assert.match(p.fix ?? '', /images\/tools\/Dockerfile/);
});

test('doctor: an image that does not exist, on kind: the pull error, and `kind load` as the fix', async () => {
  const kindNode = (name: string) => {
    const n = fakeNode(name);
    n.spec = { providerID: `kind://docker/bench/${name}` };
    return n;
  };
  const pullError = (p: Pod): Pod['status'] => ({
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'True' }],
    containerStatuses: [
      {
        name: 'tools',
        ready: false,
        restartCount: 0,
        image: p.spec?.containers[0]?.image ?? '',
        state: {
          waiting: {
            reason: 'ErrImagePull',
            message: 'failed to pull and unpack image "docker.io/library/nope:1": manifest unknown',
          },
        },
      },
    ],
  });
  const t0 = Date.now();
  const { byName } = await doctor(
    { nodes: [kindNode('bench-worker'), kindNode('bench-worker2')], podStatus: pullError },
    { image: 'nope:1', podReadyTimeout: '60s' },
  );
  assert.ok(Date.now() - t0 < 10_000, 'a pull that cannot succeed is reported at once');
  const img = byName.get('tools image')!;
  assert.equal(img.ok, false);
  assert.match(img.detail, /srv-a, cli-b: ErrImagePull: image nope:1: .*manifest unknown/);
  assert.equal(
    img.fix,
    'docker build -t nope:1 images/tools && kind load docker-image nope:1 --name bench, then run with --image nope:1 --image-pull-policy IfNotPresent (a :latest tag would be pulled again)',
  );
  assert.equal(byName.has('programs'), false, 'no programs to check without a running pod');
});

test('doctor: admission refuses host-network pods: said beforehand, with the fix', async () => {
  const { byName } = await doctor({
    admit: (pod) =>
      pod.spec?.hostNetwork === true
        ? {
            code: 403,
            message:
              'pods "host-a" is forbidden: violates PodSecurity "restricted:latest": host namespaces (hostNetwork=true)',
          }
        : undefined,
  });
  const h = byName.get('host network')!;
  assert.equal(h.ok, false);
  assert.match(
    h.detail,
    /refused, so a run skips the host placement: .*violates PodSecurity "restricted:latest"/,
  );
  assert.match(h.fix ?? '', /--privileged-namespace/);
});

test('run: an image without a program the suite needs stops the scenario before measuring, naming it', async () => {
  const { fake, target } = await withFake({ exec: imageWithout('dnsperf') }, {}, {}, NEEDS);
  try {
    await assert.rejects(
      target.openScenario(scenario, signal()),
      (e: CnibenchError) =>
        e.code === 'TOOL_MISSING' &&
        e.message ===
          'image ghcr.io/cnibench/tools:0.1.0 on node node1 lacks programs the suite needs: dnsperf (dns rate=100/s)' &&
        /images\/tools\/Dockerfile/.test(e.hint ?? ''),
    );
    await target.finish();
    assert.equal(fake.namespaces.size, 0, 'namespace deleted');
  } finally {
    await fake.stop();
  }
});

test('one node: four pods, cross-node not offered with the reason, host and service on that node', async () => {
  const { fake, target } = await withFake({ nodes: [fakeNode('only')] });
  try {
    const s = await target.openScenario(scenario, signal());
    assert.equal(fake.pods.size, 4);
    assert.deepEqual(s.placements().supported, ['same-node', 'host', 'service']);
    assert.deepEqual(
      s.placements().unsupported.map((u) => u.placement),
      ['cross-node'],
    );
    const svc = await s.preparePath('service', signal());
    assert.equal(svc.client.id, 'cli-a');
    const host = await s.preparePath('host', signal());
    assert.deepEqual([host.client.node, host.server.node], ['only', 'only']);
    await s.close();
    await target.finish();
  } finally {
    await fake.stop();
  }
});

test('the API server goes away: the next command fails with TARGET_LOST, and so does every later one', async () => {
  const { fake, target } = await withFake();
  const s = await target.openScenario(scenario, signal());
  const p = await s.preparePath('same-node', signal());
  await fake.stop();
  const t0 = Date.now();
  await assert.rejects(
    s.exec(p.client, ['true'], { timeoutMs: 5000 }),
    (e: CnibenchError) =>
      e.code === 'TARGET_LOST' && /lost the cluster of scenario fake: the API server/.test(e.message),
  );
  assert.ok(Date.now() - t0 < 15_000);
  const t1 = Date.now();
  await assert.rejects(
    s.exec(p.client, ['true'], { timeoutMs: 5000 }),
    (e: CnibenchError) => e.code === 'TARGET_LOST',
  );
  assert.ok(Date.now() - t1 < 100, 'at once');
  await target.teardown();
});

test('image fixes for kind, minikube and any other cluster', () => {
  const s = { image: 'reg.example.com/tools:1', imagePullPolicy: 'IfNotPresent' as const };
  const mk = fakeNode('minikube', { labels: { 'minikube.k8s.io/name': 'minikube' } });
  assert.match(
    imageFix(s, [mk]),
    /^minikube -p minikube image build -t reg\.example\.com\/tools:1 images\/tools/,
  );
  assert.match(
    imageFix(s, [fakeNode('n1')]),
    /docker push reg\.example\.com\/tools:1 .*kubernetes\.imagePullSecrets/,
  );
  assert.match(
    imageFix({ ...s, imagePullPolicy: 'Never' }, [fakeNode('n1')]),
    /^with --image-pull-policy Never the image must already be on every node/,
  );
});

test('doctor: a pod MTU larger than the path between the nodes carries is flagged with the MTU to set', async () => {
  // DF pings as iputils answered them: through up to 1450 bytes, silently dropped above
  const overlay: FakeOptions['exec'] = (pod, argv, servers, stream) => {
    const a = argv[0] === 'timeout' ? argv.slice(4) : argv;
    if (a[0] !== 'ping') return defaultExec(pod, argv, servers, stream);
    const fits = Number(a[a.indexOf('-s') + 1]) + 28 <= 1450;
    const name = fits ? 'size-1400' : 'df-blackhole';
    return Promise.resolve({
      stdout: fixture('ping', `${name}.stdout`),
      stderr: fixture('ping', `${name}.stderr`),
      exitCode: fits ? 0 : 1,
    });
  };
  const { byName, left } = await doctor({ exec: overlay });
  const mtu = byName.get('pod MTU')!;
  assert.equal(mtu.ok, false);
  assert.match(mtu.detail, /^pod MTU 1500 is larger than the path MTU 1450 from node2 to node1/);
  assert.match(mtu.fix ?? '', /set the CNI's MTU to 1450 or less/);
  assert.equal(left, 0);
  const fine = await doctor({ exec: imageWithout() });
  assert.equal(fine.byName.get('pod MTU')?.ok, true);
});
