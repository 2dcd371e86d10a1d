import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, startCli, waitFor } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import {
  ALL_PLACEMENTS,
  IMAGE_FLAGS,
  K8S_ENV as env,
  K8S_SKIP as skip,
  leftoversAfterRun,
  okReps,
  restartCluster,
  resultDir,
  resultFile,
  resultOf,
  stopCluster,
  TESTCLUSTER,
} from '../helpers/testcluster.js';

// Tests that restart the test cluster (about a minute each): native vs VXLAN through setup
// commands, one node, and a cluster that goes away mid-run. The cluster is left as the other
// Kubernetes tests expect it: two nodes, native routing.
after(async () => {
  if (skip === false) await restartCluster(['--nodes', '2', '--datapath', 'native']);
});

test('native vs vxlan in one run and one comparison table', { skip, timeout: 900_000 }, async () => {
  const dir = await resultDir();
  const file = join(REPO_ROOT, 'examples', 'testcluster-native-vs-vxlan.yaml');
  const r = await runCli(
    [
      'run',
      '--target',
      'kubernetes',
      '--config',
      file,
      '--suite',
      'datapath',
      '--repeat',
      '2',
      '--out-dir',
      dir,
    ],
    { env: { ...env, CNIBENCH_TESTCLUSTER: TESTCLUSTER }, timeoutMs: 880_000 },
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
    for (const p of ALL_PLACEMENTS)
      assert.ok(
        doc.results
          .filter((x) => x.scenario === s && x.placement === p && x.measurement === 'tcp')
          .flatMap((x) => x.repetitions)
          .filter((x) => x.status === 'ok').length >= 2,
        `${s} ${p}`,
      );
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  const cmp = await runCli(['compare', join(dir, files[0]!), '--baseline', 'native'], {
    env,
    timeoutMs: 30_000,
  });
  assert.equal(cmp.code === 0 || cmp.code === 1, true, cmp.stderr);
  assert.match(cmp.stdout, /vxlan/);
  assert.match(cmp.stdout, /cross-node/);
  assert.deepEqual(await leftoversAfterRun(), []);
});

// Must show 2.
test(
  'one node: exit 0, same-node, host and service measured, cross-node skipped with the reason',
  { skip, timeout: 900_000 },
  async () => {
    await restartCluster(['--nodes', '1', '--datapath', 'native']);
    const dir = await resultDir();
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
      {
        env,
        timeoutMs: 880_000,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const doc = await resultOf(dir);
    assert.deepEqual(doc.failures, []);
    for (const p of ['same-node', 'host', 'service'])
      for (const kind of ['tcp', 'udp', 'rr', 'crr', 'http', 'dns', 'transfer'])
        assert.ok(okReps(doc, p, kind) >= 1, `${p} ${kind}`);
    assert.deepEqual(
      doc.scenarios[0]!.unsupportedPlacements.map((u) => u.placement),
      ['cross-node'],
    );
    assert.match(
      doc.scenarios[0]!.unsupportedPlacements[0]!.reason,
      /only one schedulable node: cross-node needs two/,
    );
    assert.match(r.stderr, /cross-node: skipped \(only one schedulable node/);
    const host = doc.results.find((x) => x.placement === 'host')!;
    assert.equal(host.path?.client.node, host.path?.server.node, 'host: both ends on the one node');
    assert.deepEqual(await leftoversAfterRun(), []);
  },
);

test(
  'one node: every report format shows the cross-node skip and its reason',
  {
    skip,
    timeout: 180_000,
  },
  async () => {
    const dir = await resultDir();
    const r = await runCli(
      ['run', ...IMAGE_FLAGS, '--suite', 'quick', '--repeat', '1', '--out-dir', dir, '-o', 'none'],
      {
        env,
        timeoutMs: 170_000,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const file = await resultFile(dir);
    for (const format of ['terminal', 'md', 'csv', 'json', 'junit', 'html']) {
      const out = await runCli(['report', file, '-o', format], { timeoutMs: 60_000 });
      assert.equal(out.code, 0, `${format}: ${out.stderr}`);
      // junit names the placement in the test case and the reason in its <skipped> element
      assert.match(
        out.stdout,
        /cross-node[\s\S]{0,200}?only one schedulable node: cross-node needs two/,
        format,
      );
    }
  },
);

test(
  'the cluster goes away mid-run: what was measured is saved, run.status failed, exit 1',
  { skip, timeout: 300_000 },
  async () => {
    const dir = await resultDir();
    const run = startCli(['run', ...IMAGE_FLAGS, '--suite', 'quick', '--out-dir', dir], env);
    await waitFor(run.stderr, /\[3\/\d+\]/, 150_000);
    const t0 = Date.now();
    await stopCluster();
    const { code } = await run.exit;
    assert.equal(code, 1, run.stderr());
    assert.ok(Date.now() - t0 < 120_000, `ended ${(Date.now() - t0) / 1000} s after the cluster was stopped`);
    const doc = await resultOf(dir);
    assert.equal(doc.run.status, 'failed');
    assert.ok(doc.results.flatMap((x) => x.repetitions).filter((x) => x.status === 'ok').length >= 3);
    assert.ok(
      doc.failures.some((f) => f.error.code === 'TARGET_LOST'),
      JSON.stringify(doc.failures),
    );
    assert.match(run.stderr(), /error \[TARGET_LOST\]: lost the cluster of scenario current-context/);
  },
);
