import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Placement } from '../../../src/model/placement.js';
import type { Node } from '../../../src/targets/kubernetes/api/index.js';
import { fakeNode, type FakeApiServer } from '../../helpers/fake-apiserver.js';
import { scenario, signal, withFake } from './harness.js';

const PLACEMENTS: Placement[] = ['same-node', 'cross-node', 'host', 'service'];
const REPS = 3;

function cluster(n: number): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < n; i++) {
    const name = `node-${String(i).padStart(4, '0')}`;
    if (i < 3) {
      nodes.push(
        fakeNode(
          name,
          { labels: { 'node-role.kubernetes.io/control-plane': '' } },
          {
            taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
          },
        ),
      );
    } else nodes.push(fakeNode(name));
  }
  // a NotReady and a cordoned node where the choice would otherwise fall
  nodes[3]!.status!.conditions = [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }];
  nodes[4]!.spec = { unschedulable: true };
  return nodes;
}

const cilium = {
  metadata: { name: 'cilium', namespace: 'kube-system' },
  spec: {
    selector: { matchLabels: { 'k8s-app': 'cilium' } },
    template: {
      spec: { containers: [{ name: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.16.5@sha256:abc' }] },
    },
  },
};

/** A scenario with every placement and REPS repetitions of a server/client pair and a resource probe. */
async function workload(nodeCount: number): Promise<{ fake: FakeApiServer; env: Record<string, unknown> }> {
  const { fake, target } = await withFake({ nodes: cluster(nodeCount), daemonSets: [cilium] });
  try {
    const session = await target.openScenario(scenario, signal());
    const env = session.environment;
    for (const placement of PLACEMENTS) {
      const path = await session.preparePath(placement, signal());
      for (let rep = 0; rep < REPS; rep++) {
        const probe = await session.startResourceProbe(path);
        const srv = await session.startServer(path.server, ['iperf3', '-s'], { readyTimeoutMs: 100 });
        const r = await session.exec(path.client, ['iperf3', '-c', path.serverAddress], { timeoutMs: 5000 });
        assert.equal(r.exitCode, 0);
        await srv.stop();
        await probe.stop();
      }
    }
    await target.teardown();
    return { fake, env };
  } finally {
    await fake.stop();
  }
}

test('a 1000-node cluster costs the same bounded number of API calls as a 2-node one', async () => {
  const big = await workload(1000);
  const small = await workload(7);
  const byKind = (f: FakeApiServer): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of f.requests) {
      const key = `${r.method} ${r.path
        .split('?')[0]!
        .replace(/cnibench-r1/, '<ns>')
        .replace(/nodes\/[^/]+/, 'nodes/<n>')
        .replace(/pods\/[^/]+\/exec/, 'pods/<p>/exec')}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  };
  const total = big.fake.requests.length;
  console.log(
    `1000 nodes, ${PLACEMENTS.length} placements x ${REPS} repetitions: ${total} API calls ` +
      `(${big.fake.requests.filter((r) => r.method === 'EXEC').length} exec), 7 nodes: ${small.fake.requests.length}`,
  );
  console.log(JSON.stringify(byKind(big.fake), null, 1));
  assert.equal(big.fake.count('GET', /^\/api\/v1\/nodes(\?|$)/), 1, 'nodes listed once');
  assert.equal(total, small.fake.requests.length, 'the call count does not depend on the number of nodes');
  assert.ok(total < 150, `bounded: ${total}`);
  assert.equal(big.env['node_a'], 'node-0005', 'control-plane, NotReady and cordoned nodes skipped');
  assert.equal(big.env['node_b'], 'node-0006');
  assert.equal(big.env['cni'], 'cilium');
  assert.equal(big.env['cni_version'], 'v1.16.5');
  assert.equal(big.env['node_count'], 1000);
});
