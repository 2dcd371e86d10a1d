import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ResultDocument } from '../../src/results/schema.js';
import { KubeApi, type List, type Namespace } from '../../src/targets/kubernetes/api/index.js';
import { runCli } from '../helpers/cli.js';

// Against the real two-node cluster of ../shared/testcluster (scripts/ci-kubernetes.sh starts it).
const skip =
  process.env['CNIBENCH_K8S_E2E'] === '1'
    ? false
    : 'set CNIBENCH_K8S_E2E=1 with the test cluster running and KUBECONFIG set (scripts/ci-kubernetes.sh does both)';
const KUBECONFIG = process.env['KUBECONFIG'] ?? '/var/cache/cnibench-testcluster/admin.kubeconfig';
const IMAGE = process.env['CNIBENCH_TOOLS_IMAGE'] ?? 'localhost/cnibench-tools:latest';

test(
  'run --mesh on the real cluster: both ordered node pairs measured through DaemonSet pods, nothing left',
  { skip, timeout: 400_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnibench-k8s-mesh-'));
    const file = join(dir, 'cnibench.yaml');
    await writeFile(
      file,
      `version: 1\ntarget: kubernetes\nkubernetes:\n  image: ${IMAGE}\n  imagePullPolicy: Never\n  podReadyTimeout: 90s\n` +
        `scenarios:\n  - name: testcluster\n    target: kubernetes\n`,
    );
    const r = await runCli(['run', '--target', 'kubernetes', '--config', file, '--mesh', '--out-dir', dir], {
      env: { KUBECONFIG },
      timeoutMs: 380_000,
    });
    assert.equal(r.code, 0, r.stderr);
    const name = (await readdir(dir)).find((f) => /^cnibench-.*\.json$/.test(f))!;
    const doc = JSON.parse(await readFile(join(dir, name), 'utf8')) as ResultDocument;
    const env = doc.scenarios[0]!.environment;
    assert.equal(env['mesh_nodes'], 2);
    assert.equal(env['mesh_tests'], 2);
    const mesh = doc.mesh ?? [];
    assert.deepEqual(mesh.map((m) => `${m.measurement}:${m.client_node}>${m.server_node}`).sort().length, 4);
    for (const m of mesh) {
      assert.equal(
        m.repetitions[0]?.status,
        'ok',
        `${m.measurement} ${m.client_node}>${m.server_node}: ${m.repetitions[0]?.error?.message}`,
      );
      assert.notEqual(m.client_node, m.server_node);
    }
    assert.ok(mesh.some((m) => m.summaries.some((s) => s.metric === 'throughput_gbps' && s.median > 0)));
    assert.ok(mesh.some((m) => m.summaries.some((s) => s.metric === 'latency_p50_us' && s.median > 0)));
    assert.ok(
      Number(env['mesh_setup_api_calls']) <= 6,
      `DaemonSets, a list and a watch: ${String(env['mesh_setup_api_calls'])}`,
    );
    assert.match(r.stdout, /mesh testcluster: 2 nodes, 2 tests in 2 rounds/);
    assert.match(r.stderr, /mesh: [1-4] pod shells were opened/);
    const api = new KubeApi({ kubeconfig: KUBECONFIG });
    const left = await api.get<List<Namespace>>(
      '/api/v1/namespaces?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcnibench',
    );
    assert.deepEqual(
      left.items.filter((n) => n.status?.phase !== 'Terminating').map((n) => n.metadata.name),
      [],
    );
  },
);
