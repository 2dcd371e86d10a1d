import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { KubeApi } from '../../src/targets/kubernetes/api/index.js';
import { cleanupKubernetes } from '../../src/targets/kubernetes/index.js';
import { runCli, startCli, waitFor } from '../helpers/cli.js';
import {
  ALL_PLACEMENTS,
  assertAllMeasuredOrSkipped,
  IMAGE_FLAGS,
  K8S_ENV as env,
  K8S_SKIP as skip,
  KUBECONFIG,
  leftovers,
  leftoversAfterRun,
  okReps,
  resultDir,
  resultOf,
} from '../helpers/testcluster.js';
import { loadToolsImageWithout } from '../helpers/testcluster-image.js';

// Against the real two-node cluster of ../shared/testcluster (scripts/ci-kubernetes.sh and
// .ci/run start it); kubernetes-restarts.test.ts, which restarts it, runs before this file and
// leaves it with two nodes and native routing.

test(
  'doctor with the image flags: every check passes, the image is tried on both nodes',
  { skip, timeout: 120_000 },
  async () => {
    const r = await runCli(['doctor', ...IMAGE_FLAGS], { env, timeoutMs: 110_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const name of [
      'API server',
      'permissions',
      'nodes',
      'cluster DNS',
      'tools image',
      'programs',
      'host network',
      'pod MTU',
    ])
      assert.match(r.stdout, new RegExp(`^ok +${name} `, 'm'), name);
    assert.match(r.stdout, /would use node1 and node2/);
    assert.match(
      r.stdout,
      /tools image +localhost\/cnibench-tools:latest \(imagePullPolicy Never\) pulled and started on node1 and node2/,
    );
    assert.deepEqual(await leftoversAfterRun(), []);
  },
);

// Must show 1: the command of the issue, no config file.
test(
  'run --suite standard with only flags: every measurement on every placement measured, exit 0, nothing left',
  { skip, timeout: 1_500_000 },
  async () => {
    const dir = await resultDir();
    const t0 = Date.now();
    const r = await runCli(
      [
        'run',
        ...IMAGE_FLAGS,
        '--suite',
        'standard',
        '--repeat',
        '1',
        '--duration',
        '2',
        '--out-dir',
        dir,
        '-o',
        'none',
      ],
      { env, timeoutMs: 1_450_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    const doc = await resultOf(dir);
    assert.equal(doc.run.status, 'complete');
    assertAllMeasuredOrSkipped(doc, ALL_PLACEMENTS);
    for (const p of ALL_PLACEMENTS) {
      for (const kind of ['tcp', 'udp', 'rr', 'crr', 'http', 'dns', 'transfer'])
        assert.ok(okReps(doc, p, kind) >= 1, `${p} ${kind}`);
      assert.equal(
        okReps(doc, p, 'transfer', 'protocol=ftp,size=256M'),
        1,
        `${p}: FTP (through the Service too)`,
      );
    }
    const e = doc.scenarios[0]!.environment;
    assert.equal(e['kubernetes_version'], 'v1.20.2');
    assert.deepEqual([e['node_a'], e['node_b']], ['node1', 'node2']);
    assert.match(String(e['node_a_kernel']), /\d+\.\d+/);
    assert.equal(e['pod_mtu'], Number(process.env['CNIBENCH_POD_MTU'] ?? 1500));
    assert.match(String(e['kube_proxy_mode']), /iptables/);
    const svc = doc.results.find((x) => x.placement === 'service')!;
    assert.match(
      svc.path?.serverAddress ?? '',
      /^10\.96\./,
      'the service placement goes through a ClusterIP',
    );
    assert.match(r.stderr, /exec agents in 5 of 5 pods/);
    // the namespace is deleted after the result is saved; the command waits 2 s for it, then
    // leaves the rest to the cluster, and says which
    assert.match(
      r.stderr,
      /result: .*\n(.*\n)*namespace cnibench-\w+ (deleted in [\d.]+ s|is terminating \(its pods are deleted\): the cluster finishes it)/,
    );
    assert.deepEqual(await leftoversAfterRun(), []);
    console.log(`standard --repeat 1 --duration 2: ${Math.round((Date.now() - t0) / 1000)} s`);
  },
);

test(
  'the measurements standard leaves out: icmp figures on its placements, services skipped with its reason',
  { skip, timeout: 300_000 },
  async () => {
    const dir = await resultDir();
    const file = join(dir, 'cnibench.yaml');
    await writeFile(
      file,
      'version: 1\nsuites:\n  rest:\n    repeat: 1\n    duration: 1\n    warmup: 0\n' +
        `    placements: [${ALL_PLACEMENTS.join(', ')}]\n` +
        '    measurements:\n      - {kind: icmp}\n      - {kind: services, counts: [10], modes: [iptables]}\n',
    );
    const r = await runCli(['run', ...IMAGE_FLAGS, '--config', file, '--suite', 'rest', '--out-dir', dir], {
      env,
      timeoutMs: 280_000,
    });
    assert.equal(r.code, 0, r.stderr);
    const doc = await resultOf(dir);
    for (const p of ['same-node', 'cross-node', 'host']) assert.equal(okReps(doc, p, 'icmp'), 1, `${p} icmp`);
    const svc = doc.skipped.find((s) => s.measurement === 'services');
    assert.match(svc?.reason ?? '', /Services/);
    assert.deepEqual(doc.failures, []);
  },
);

test(
  'an image the nodes do not have: a clear error with the fix, exit 1, nothing left',
  { skip, timeout: 120_000 },
  async () => {
    const dir = await resultDir();
    const r = await runCli(
      [
        'run',
        '--target',
        'kubernetes',
        '--image',
        'localhost/cnibench-no-such-image:1',
        '--image-pull-policy',
        'Never',
        '--suite',
        'quick',
        '--out-dir',
        dir,
      ],
      { env, timeoutMs: 110_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ErrImageNeverPull: image localhost\/cnibench-no-such-image:1/);
    assert.match(r.stderr, /fix: with --image-pull-policy Never the image must already be on every node/);
    assert.deepEqual(await leftoversAfterRun(), []);
  },
);

// Must show 3.
test(
  'doctor --image does-not-exist:1: within a minute, the image cannot be pulled, and how to fix it',
  { skip, timeout: 90_000 },
  async () => {
    const t0 = Date.now();
    const r = await runCli(['doctor', '--target', 'kubernetes', '--image', 'does-not-exist:1'], {
      env,
      timeoutMs: 80_000,
    });
    const secs = (Date.now() - t0) / 1000;
    assert.equal(r.code, 1, r.stdout);
    assert.ok(secs < 60, `took ${secs} s`);
    assert.match(
      r.stdout,
      /FAIL +tools image +does-not-exist:1 \(imagePullPolicy IfNotPresent\): .*ErrImagePull/,
    );
    assert.match(
      r.stdout,
      /fix: docker build -t does-not-exist:1 images\/tools && docker push does-not-exist:1/,
    );
    assert.match(r.stdout, /not ready: tools image/);
    assert.deepEqual(await leftoversAfterRun(), []);
  },
);

test(
  'an image without dnsperf: doctor names the dns measurement; run stops before measuring, naming it',
  { skip, timeout: 300_000 },
  async () => {
    const image = loadToolsImageWithout(['dnsperf'], 'localhost/cnibench-tools-without-dnsperf:e2e');
    const flags = ['--target', 'kubernetes', '--image', image, '--image-pull-policy', 'Never'];
    const doctor = await runCli(['doctor', ...flags], { env, timeoutMs: 110_000 });
    assert.equal(doctor.code, 1, doctor.stdout);
    assert.match(
      doctor.stdout,
      /FAIL +programs +on node1 the image lacks dnsperf \(dns rate=100\/s\): 1 measurement variant\(s\) would fail/,
    );
    assert.match(doctor.stdout, /fix: build the image from images\/tools\/Dockerfile/);
    const dir = await resultDir();
    const run = await runCli(['run', ...flags, '--suite', 'standard', '--out-dir', dir], {
      env,
      timeoutMs: 150_000,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /\[TOOL_MISSING\] image localhost\/cnibench-tools-without-dnsperf:e2e on node node1 lacks programs the suite needs: dnsperf \(dns rate=100\/s\)/,
    );
    const doc = await resultOf(dir);
    assert.deepEqual(doc.results, [], 'nothing measured');
    // the quick suite (TCP, UDP) does not need dnsperf
    const quick = await runCli(
      ['run', ...flags, '--suite', 'quick', '--repeat', '1', '--out-dir', await resultDir()],
      {
        env,
        timeoutMs: 150_000,
      },
    );
    assert.equal(quick.code, 0, quick.stderr);
    assert.deepEqual(await leftoversAfterRun(), []);
  },
);

test(
  '--cross-zone: two nodes of different zones, their zones recorded; without zones a clear error',
  { skip, timeout: 240_000 },
  async () => {
    const api = new KubeApi({ kubeconfig: KUBECONFIG });
    const label = (node: string, zone: string | null) =>
      api.request('PATCH', `/api/v1/nodes/${node}`, {
        body: { metadata: { labels: { 'topology.kubernetes.io/zone': zone } } },
        contentType: 'application/merge-patch+json',
      });
    const noZone = await runCli(
      ['run', ...IMAGE_FLAGS, '--cross-zone', '--suite', 'quick', '--out-dir', await resultDir()],
      {
        env,
        timeoutMs: 60_000,
      },
    );
    assert.equal(noZone.code, 1);
    assert.match(
      noZone.stderr,
      /--cross-zone: no two usable nodes in different topology\.kubernetes\.io\/zone zones \(usable nodes by zone: no zone label: 2 nodes\)/,
    );
    await label('node1', 'zone-a');
    await label('node2', 'zone-b');
    try {
      const dir = await resultDir();
      const r = await runCli(
        ['run', ...IMAGE_FLAGS, '--cross-zone', '--suite', 'quick', '--repeat', '1', '--out-dir', dir],
        {
          env,
          timeoutMs: 200_000,
        },
      );
      assert.equal(r.code, 0, r.stderr);
      const e = (await resultOf(dir)).scenarios[0]!.environment;
      assert.deepEqual([e['node_a_zone'], e['node_b_zone']], ['zone-a', 'zone-b']);
      assert.match(r.stderr, /nodes node1 \(zone zone-a\) and node2 \(zone zone-b\)/);
    } finally {
      await label('node1', null);
      await label('node2', null);
    }
  },
);

test(
  'Ctrl-C during a run: exit 130, measured repetitions saved, namespace deleted',
  { skip, timeout: 180_000 },
  async () => {
    const dir = await resultDir();
    const run = startCli(['run', ...IMAGE_FLAGS, '--suite', 'quick', '--out-dir', dir], env);
    await waitFor(run.stderr, /\[2\/\d+\]/, 120_000);
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    assert.equal(code, 130, run.stderr());
    const doc = await resultOf(dir);
    assert.equal(doc.run.status, 'interrupted');
    assert.ok(doc.results.flatMap((x) => x.repetitions).length >= 1);
    assert.deepEqual(await leftoversAfterRun(), []);
  },
);

test('kill -9 mid-run leaves a namespace that cleanup removes', { skip, timeout: 180_000 }, async () => {
  const run = startCli(['run', ...IMAGE_FLAGS, '--suite', 'quick', '--out-dir', await resultDir()], env);
  await waitFor(run.stderr, /waiting for \d+ pods/, 120_000);
  run.child.kill('SIGKILL');
  await run.exit;
  assert.equal((await leftovers()).length, 1);
  const report = await cleanupKubernetes({ kubeconfig: KUBECONFIG });
  assert.equal(report.namespaces.length, 1);
  assert.deepEqual(report.failed, []);
  assert.deepEqual(await leftovers(), []);
});
