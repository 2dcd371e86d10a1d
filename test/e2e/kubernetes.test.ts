import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ResultDocument } from '../../src/results/schema.js';
import { KubeApi, type List, type Namespace } from '../../src/targets/kubernetes/api/index.js';
import { cleanupKubernetes, doctorKubernetes } from '../../src/targets/kubernetes/index.js';
import { runCli, startCli, waitFor } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

// Against the real two-node cluster of ../shared/testcluster (scripts/ci-kubernetes.sh starts it).
const skip =
  process.env['CNIBENCH_K8S_E2E'] === '1'
    ? false
    : 'set CNIBENCH_K8S_E2E=1 with the test cluster running and KUBECONFIG set (scripts/ci-kubernetes.sh does both)';
const KUBECONFIG = process.env['KUBECONFIG'] ?? '/var/cache/cnibench-testcluster/admin.kubeconfig';
const IMAGE = process.env['CNIBENCH_TOOLS_IMAGE'] ?? 'localhost/cnibench-tools:latest';
const env = { KUBECONFIG };
const ALL = ['same-node', 'cross-node', 'host', 'service'];

async function config(extra: string, image = IMAGE): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cnibench-k8s-e2e-'));
  const file = join(dir, 'cnibench.yaml');
  await writeFile(
    file,
    `version: 1\ntarget: kubernetes\nkubernetes:\n  image: ${image}\n  imagePullPolicy: Never\n  podReadyTimeout: 90s\n` +
      `scenarios:\n  - name: testcluster\n    target: kubernetes\n` +
      // the built-in quick suite has no service placement; this one adds it
      `suites:\n  quick:\n    repeat: 2\n    duration: 1\n    warmup: 0\n    placements: [${ALL.join(', ')}]\n` +
      `    measurements:\n      - {kind: tcp, streams: [1, 4]}\n      - {kind: udp, bitrate: [1G]}\n${extra}`,
  );
  return { dir, file };
}

async function resultOf(dir: string): Promise<ResultDocument> {
  const files = (await readdir(dir)).filter((f) => /^cnibench-.*\.json$/.test(f));
  assert.equal(files.length, 1, `one result in ${dir}: ${files.join(', ')}`);
  return JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) as ResultDocument;
}

/** Namespaces cnibench created that still exist (terminating ones included). */
async function leftovers(): Promise<string[]> {
  const api = new KubeApi({ kubeconfig: KUBECONFIG });
  const l = await api.get<List<Namespace>>(
    '/api/v1/namespaces?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcnibench',
  );
  return l.items.map((n) => n.metadata.name ?? '');
}

function okReps(doc: ResultDocument, scenario: string, placement: string, kind: string): number {
  return doc.results
    .filter((r) => r.scenario === scenario && r.placement === placement && r.measurement === kind)
    .flatMap((r) => r.repetitions)
    .filter((r) => r.status === 'ok').length;
}

test(
  'run --suite quick: TCP and UDP on every placement, environment recorded, nothing left',
  { skip, timeout: 300_000 },
  async () => {
    const { dir, file } = await config('');
    const r = await runCli(
      ['run', '--target', 'kubernetes', '--config', file, '--suite', 'quick', '--out', dir],
      {
        env,
        timeoutMs: 280_000,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const doc = await resultOf(dir);
    for (const p of ALL) {
      for (const kind of ['tcp', 'udp'])
        assert.ok(okReps(doc, 'testcluster', p, kind) >= 2, `${p} ${kind}:\n${r.stderr}`);
    }
    const e = doc.scenarios[0]!.environment;
    assert.equal(e['kubernetes_version'], 'v1.20.2');
    assert.notEqual(e['node_a'], e['node_b']);
    assert.match(String(e['node_a_kernel']), /\d+\.\d+/);
    assert.equal(e['pod_mtu'], Number(process.env['CNIBENCH_POD_MTU'] ?? 1500));
    assert.match(String(e['kube_proxy_mode']), /iptables/);
    const svc = doc.results.find((x) => x.placement === 'service')!;
    assert.match(
      svc.path?.serverAddress ?? '',
      /^10\.96\./,
      'the service placement goes through a ClusterIP',
    );
    assert.deepEqual(await leftovers(), []);
  },
);

test(
  'an image the nodes do not have: a clear error, exit 1, namespace deleted',
  { skip, timeout: 120_000 },
  async () => {
    const { dir, file } = await config('', 'localhost/cnibench-no-such-image:1');
    const r = await runCli(
      ['run', '--target', 'kubernetes', '--config', file, '--suite', 'quick', '--out', dir],
      {
        env,
        timeoutMs: 110_000,
      },
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ErrImageNeverPull: image localhost\/cnibench-no-such-image:1/);
    assert.deepEqual(await leftovers(), []);
  },
);

test(
  'Ctrl-C during a run: exit 130, measured repetitions saved, namespace deleted',
  { skip, timeout: 180_000 },
  async () => {
    const { dir, file } = await config('');
    const run = startCli(
      ['run', '--target', 'kubernetes', '--config', file, '--suite', 'quick', '--out', dir],
      env,
    );
    await waitFor(run.stderr, /\[2\/\d+\]/, 120_000);
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    assert.equal(code, 130, run.stderr());
    const doc = await resultOf(dir);
    assert.ok(doc.results.flatMap((x) => x.repetitions).length >= 1);
    assert.deepEqual(await leftovers(), []);
  },
);

test('kill -9 mid-run leaves a namespace that cleanup removes', { skip, timeout: 180_000 }, async () => {
  const { dir, file } = await config('');
  const run = startCli(
    ['run', '--target', 'kubernetes', '--config', file, '--suite', 'quick', '--out', dir],
    env,
  );
  await waitFor(run.stderr, /waiting for \d+ pods/, 120_000);
  run.child.kill('SIGKILL');
  await run.exit;
  assert.equal((await leftovers()).length, 1);
  const report = await cleanupKubernetes({ kubeconfig: KUBECONFIG });
  assert.equal(report.namespaces.length, 1);
  assert.deepEqual(report.failed, []);
  assert.deepEqual(await leftovers(), []);
});

test('doctor: kubeconfig, API server, permissions, nodes', { skip, timeout: 60_000 }, async () => {
  const checks = await doctorKubernetes({ kubeconfig: KUBECONFIG });
  const byName = new Map(checks.map((c) => [c.name, c]));
  for (const n of ['kubeconfig', 'API server', 'permissions', 'nodes', 'cluster DNS']) {
    assert.equal(byName.get(n)?.ok, true, `${n}: ${byName.get(n)?.detail}`);
  }
  assert.match(byName.get('nodes')!.detail, /node1 and node2/);
});

// Last: it restarts the cluster twice (native, then vxlan) through the scenarios' setup commands.
test('native vs vxlan in one run and one comparison table', { skip, timeout: 600_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnibench-k8s-dp-'));
  const file = join(REPO_ROOT, 'examples', 'testcluster-native-vs-vxlan.yaml');
  const testcluster = process.env['CNIBENCH_TESTCLUSTER'] ?? join(REPO_ROOT, '..', 'shared', 'testcluster');
  const r = await runCli(
    ['run', '--target', 'kubernetes', '--config', file, '--suite', 'datapath', '--repeat', '2', '--out', dir],
    {
      env: { ...env, CNIBENCH_TESTCLUSTER: testcluster },
      timeoutMs: 580_000,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const doc = await resultOf(dir);
  assert.deepEqual(
    doc.scenarios.map((s) => [s.name, s.environment['pod_mtu']]),
    [
      ['native', 1500],
      ['vxlan', 1450],
    ],
  );
  for (const s of ['native', 'vxlan'])
    for (const p of ALL) assert.ok(okReps(doc, s, p, 'tcp') >= 2, `${s} ${p}`);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  const cmp = await runCli(['compare', join(dir, files[0]!), '--baseline', 'native'], {
    env,
    timeoutMs: 30_000,
  });
  assert.equal(cmp.code === 0 || cmp.code === 1, true, cmp.stderr);
  assert.match(cmp.stdout, /vxlan/);
  assert.match(cmp.stdout, /cross-node/);
  assert.deepEqual(await leftovers(), []);
});
