import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFakeMesh } from '../../helpers/fake-mesh-run.js';

test(
  '1,000 nodes, --pairs 2000: every usable node measured, none in two tests at once, API calls linear in nodes',
  { timeout: 600_000 },
  async (t) => {
    const big = await runFakeMesh(1000, 2000);
    const { doc, mesh, calls } = big;
    t.diagnostic(
      `1000 nodes: ${calls.total} API calls (${calls.rest} REST, ${calls.exec} exec connections), ${big.seconds.toFixed(1)} s`,
    );
    t.diagnostic(JSON.stringify(calls.byKind));
    assert.deepEqual(doc.failures, []);
    const env = doc.scenarios[0]!.environment;
    assert.equal(env.mesh_nodes, 995, 'control-plane, NotReady and cordoned nodes left out');
    assert.match(String(env.mesh_excluded), /node-0003: not Ready/);
    const results = doc.mesh ?? [];
    assert.equal(results.length, 2000 * 2, '2000 pairs, rr and tcp');
    assert.ok(results.every((r) => r.repetitions[0]?.status === 'ok'));
    const covered = new Set(results.flatMap((r) => [r.client_node, r.server_node]));
    assert.equal(covered.size, 995, 'the plan covers every usable node');
    assert.equal(
      new Set(results.map((r) => `${r.client_node}>${r.server_node}`)).size,
      2000,
      'no pair twice',
    );
    assert.ok(
      results.every((r) => r.client_zone !== undefined && r.server_zone !== undefined),
      'zones from the node labels',
    );
    // from the cluster's side: no node was ever in two tests at the same moment
    assert.deepEqual(mesh.violations, []);
    assert.equal(mesh.tests.length, 4000);
    assert.ok(
      mesh.maxConcurrent > 1 && mesh.maxConcurrent <= 32,
      `ran side by side, at most 32: ${mesh.maxConcurrent}`,
    );
    // and from the schedule's: the tests of a round share no node
    for (const round of new Set(results.map((r) => r.round))) {
      const nodes = results
        .filter((r) => r.round === round && r.measurement === 'rr')
        .flatMap((r) => [r.client_node, r.server_node]);
      assert.equal(new Set(nodes).size, nodes.length, `round ${round}`);
    }
    assert.equal(calls.byKind['GET /api/v1/nodes'], 1, 'nodes listed once');
    assert.equal(calls.byKind['POST /apis/apps/v1/namespaces/<ns>/daemonsets'], 2, 'one DaemonSet per role');
    assert.ok(calls.exec <= 2 * 995 + 20, `an exec connection per mesh pod, not per command: ${calls.exec}`);
    assert.ok(calls.rest < 80, `REST calls do not grow with nodes or pairs: ${calls.rest}`);

    // linear: the same run on fewer nodes (pairs = 2 x nodes)
    const sizes = [100, 200, 400];
    const runs: Awaited<ReturnType<typeof runFakeMesh>>[] = [];
    for (const n of sizes) runs.push(await runFakeMesh(n, 2 * n));
    for (const [i, r] of runs.entries())
      t.diagnostic(`${sizes[i]} nodes: ${r.calls.total} calls (${r.calls.rest} REST, ${r.calls.exec} exec)`);
    // REST calls stay the same whatever the size; exec connections are at most one per mesh pod
    for (const [i, r] of [...runs, big].entries()) {
      const usable = Number(r.doc.scenarios[0]!.environment.mesh_nodes);
      const n = sizes[i] ?? 1000;
      assert.ok(Math.abs(r.calls.rest - calls.rest) <= 2, `${n} nodes: ${r.calls.rest} REST calls`);
      assert.ok(r.calls.exec <= 2 * usable, `${n} nodes: ${r.calls.exec} exec connections`);
      assert.ok(r.calls.exec >= usable, `${n} nodes: every node's pods used`);
    }
  },
);
