import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import {
  IMAGE_FLAGS,
  K8S_ENV as env,
  K8S_SKIP as skip,
  leftovers,
  okReps,
  resultDir,
  resultOf,
} from '../helpers/testcluster.js';

// Against the real test cluster of ../shared/testcluster, which has no Multus: a scenario that
// names a NetworkAttachmentDefinition still runs, measures the primary network and skips the
// secondary one with the reason. Only this run's namespace is checked for leftovers (other
// runs may share the cluster).

const CONFIG =
  'version: 1\n' +
  'scenarios:\n' +
  '  - name: multus\n' +
  '    target: kubernetes\n' +
  '    secondaryNetwork: default/macvlan-conf\n' +
  'suites:\n' +
  '  secondary:\n' +
  '    repeat: 2\n' +
  '    duration: 2\n' +
  '    warmup: 0\n' +
  '    placements: [same-node, cross-node]\n' +
  '    networks: [primary, secondary]\n' +
  '    measurements:\n' +
  '      - {kind: tcp, streams: [1]}\n';

/** Waits until the namespace is gone (the run leaves it terminating), or the deadline. */
async function gone(ns: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await leftovers()).includes(ns)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

test(
  'a secondaryNetwork on a cluster without Multus: primary measured, secondary skipped with the reason, exit 0',
  { skip, timeout: 300_000 },
  async () => {
    const dir = await resultDir();
    const file = join(dir, 'cnibench.yaml');
    await writeFile(file, CONFIG);
    const r = await runCli(
      ['run', ...IMAGE_FLAGS, '--config', file, '--suite', 'secondary', '--out-dir', dir, '-o', 'none'],
      { env, timeoutMs: 280_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /scenario multus: no secondary network: no NetworkAttachmentDefinition API/);
    const ns = /scenario multus: context \S+, nodes .*, namespace (cnibench-[a-z0-9-]+)/.exec(r.stderr)?.[1];
    assert.ok(ns !== undefined, r.stderr);
    const doc = await resultOf(dir);
    assert.equal(doc.run.status, 'complete');
    assert.deepEqual(doc.failures, []);
    for (const p of ['same-node', 'cross-node']) {
      assert.equal(okReps(doc, p, 'tcp'), 2, `${p} tcp over the primary network`);
      const skipped = doc.skipped.filter((s) => s.placement === p && s.measurement === 'tcp');
      assert.ok(skipped.length > 0, `${p}: the secondary variants are skipped`);
      for (const s of skipped) {
        assert.match(s.variant ?? '', /network=secondary/);
        assert.equal(
          s.reason,
          'no NetworkAttachmentDefinition API (k8s.cni.cncf.io/v1): Multus is not installed (fix: install Multus, https://github.com/k8snetworkplumbingwg/multus-cni)',
        );
      }
      for (const res of doc.results.filter((x) => x.placement === p))
        assert.doesNotMatch(res.variant, /network=secondary/, 'nothing measured over the secondary network');
    }
    assert.ok(await gone(ns, 60_000), `namespace ${ns} is removed`);
  },
);
