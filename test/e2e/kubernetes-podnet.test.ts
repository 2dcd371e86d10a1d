import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { CnibenchError } from '../../src/model/errors.js';
import { KubeApi, type Namespace } from '../../src/targets/kubernetes/api/index.js';
import { runCli } from '../helpers/cli.js';
import {
  IMAGE,
  IMAGE_FLAGS,
  K8S_ENV as env,
  K8S_SKIP as skip,
  KUBECONFIG,
  resultDir,
  resultOf,
} from '../helpers/testcluster.js';

// `podnet` on the real two-node cluster of ../shared/testcluster, which is running already
// (other tests may use it at the same time: this file neither restarts it nor looks at their
// namespaces).

const CONFIG =
  'version: 1\ntarget: kubernetes\n' +
  `kubernetes:\n  image: ${IMAGE}\n  imagePullPolicy: Never\n  podReadyTimeout: 2m\n` +
  'scenarios:\n  - name: podnet\n    target: kubernetes\n' +
  'suites:\n  podnet:\n    repeat: 2\n    duration: 1\n    warmup: 0\n' +
  '    measurements:\n      - {kind: podnet, pods: 3, churn: [5], size: 4M}\n';

/** Waits until a namespace is gone (the run leaves its deletion to the cluster after 2 s). */
async function gone(ns: string, timeoutMs = 90_000): Promise<boolean> {
  const api = new KubeApi({ kubeconfig: KUBECONFIG });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await api.get<Namespace>(`/api/v1/namespaces/${ns}`);
    } catch (e) {
      if (e instanceof CnibenchError && e.code === 'K8S_NOT_FOUND') return true;
      throw e;
    }
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

test(
  'podnet: pods attached on demand, timed to Ready and to their first connection; churn in pods/s; nothing left',
  { skip, timeout: 600_000 },
  async () => {
    const dir = await resultDir();
    const file = join(dir, 'cnibench.yaml');
    await writeFile(file, CONFIG);
    const r = await runCli(['run', ...IMAGE_FLAGS, '--config', file, '--suite', 'podnet', '--out-dir', dir], {
      env,
      timeoutMs: 580_000,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const ns = /scenario podnet: context \S+, nodes .*, namespace (\S+)/.exec(r.stderr)?.[1];
    assert.ok(ns !== undefined, `the run names its namespace: ${r.stderr}`);
    const doc = await resultOf(dir);
    assert.deepEqual(doc.failures, []);
    assert.deepEqual(doc.skipped, []);
    const reps = (variant: RegExp) =>
      doc.results
        .filter((x) => x.measurement === 'podnet' && x.placement === 'cross-node' && variant.test(x.variant))
        .flatMap((x) => x.repetitions);
    const setup = reps(/^test=setup,pods=3/);
    const churn = reps(/^test=churn,pods=5$/);
    assert.equal(setup.length, 2);
    assert.equal(churn.length, 2);
    for (const rep of setup) {
      assert.equal(rep.status, 'ok', JSON.stringify(rep));
      for (const m of ['add_p50_ms', 'ready_p50_ms', 'del_p50_ms', 'throughput_gbps'])
        assert.ok(typeof rep.metrics[m] === 'number', `setup ${m}: ${JSON.stringify(rep.metrics)}`);
      assert.ok(rep.metrics['add_p50_ms']! > 0 && rep.metrics['throughput_gbps']! > 0);
      // the figures say what Kubernetes add and del times include (not CNI ADD/DEL alone)
      assert.ok(
        rep.notes?.some((n) => /^Kubernetes: add is pod create to Ready/.test(n)),
        JSON.stringify(rep.notes),
      );
    }
    for (const rep of churn) {
      assert.equal(rep.status, 'ok', JSON.stringify(rep));
      assert.ok(rep.metrics['pods_per_s']! > 0, JSON.stringify(rep.metrics));
      assert.ok(rep.metrics['add_p50_ms']! > 0);
      assert.ok(
        rep.notes?.some((n) => /forced delete/.test(n)),
        JSON.stringify(rep.notes),
      );
    }
    assert.ok(await gone(ns), `namespace ${ns} is gone`);
  },
);
