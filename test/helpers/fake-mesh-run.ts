import { makeRunPlan } from '../../src/engine/plan.js';
import { runEngine } from '../../src/engine/run.js';
import type { ResultDocument } from '../../src/results/schema.js';
import { SuiteSpec } from '../../src/config/schema.js';
import type { Node } from '../../src/targets/kubernetes/api/index.js';
import { fakeNode, type FakeApiServer } from './fake-apiserver.js';
import { FakeMesh } from './fake-mesh.js';
import { runningDoc } from './result-fixture.js';
import { withFake } from '../unit/kubernetes/harness.js';

/** A cluster of n nodes: 3 tainted control-plane nodes, one NotReady and one cordoned worker, the rest usable. */
export function meshCluster(n: number): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < n; i++) {
    const name = `node-${String(i).padStart(4, '0')}`;
    const zone = {
      labels: { 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${'abc'[i % 3]}` },
    };
    if (i < 3) {
      nodes.push(
        fakeNode(
          name,
          { labels: { ...zone.labels, 'node-role.kubernetes.io/control-plane': '' } },
          { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
        ),
      );
    } else nodes.push(fakeNode(name, zone));
  }
  nodes[3]!.status!.conditions = [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }];
  nodes[4]!.spec = { unschedulable: true };
  return nodes;
}

export interface FakeMeshRun {
  doc: ResultDocument;
  fake: FakeApiServer;
  mesh: FakeMesh;
  /** API requests by kind: REST calls and exec connections. */
  calls: { total: number; rest: number; exec: number; shells: number; byKind: Record<string, number> };
  seconds: number;
}

/** A whole `run --mesh` (the engine, rr and tcp) against the fake API server with n nodes. */
export async function runFakeMesh(n: number, pairs?: number, concurrency = 32): Promise<FakeMeshRun> {
  const mesh = new FakeMesh();
  // the harness's 3 s for pods to be Ready is too short for a list of 2,000 pods on a busy machine
  const { fake, target } = await withFake(
    {
      nodes: meshCluster(n),
      route: mesh.route,
      upgrade: mesh.upgrade,
    },
    { podReadyTimeout: '120s' },
  );
  const started = Date.now();
  try {
    const suite = SuiteSpec.parse({
      repeat: 1,
      duration: 1,
      warmup: 0,
      placements: ['cross-node'],
      measurements: [
        { kind: 'rr', messageSize: [64] },
        { kind: 'tcp', streams: [1] },
      ],
    });
    const plan = makeRunPlan([{ ref: { name: 'fake', target: 'kubernetes' } }], suite, {
      mesh: { ...(pairs !== undefined ? { pairs } : {}), concurrency },
    });
    const doc: ResultDocument = runningDoc({ id: 'r1', target: 'kubernetes', suite: 'mesh' });
    await runEngine({
      target,
      plan,
      doc,
      signal: new AbortController().signal,
      onEvent: () => undefined,
      save: () => Promise.resolve(),
    });
    await target.teardown();
    const byKind: Record<string, number> = {};
    for (const r of fake.requests) {
      const key = `${r.method} ${r.path
        .split('?')[0]!
        .replace(/namespaces\/cnibench-r1/, 'namespaces/<ns>')
        .replace(/pods\/[^/]+\/exec/, 'pods/<pod>/exec')
        .replace(/daemonsets\/[^/]+/, 'daemonsets/<ds>')
        .replace(/pods\/[^/]+$/, 'pods/<pod>')}`;
      byKind[key] = (byKind[key] ?? 0) + 1;
    }
    const exec = fake.requests.filter((r) => r.method === 'EXEC').length;
    return {
      doc,
      fake,
      mesh,
      calls: {
        total: fake.requests.length,
        rest: fake.requests.length - exec,
        exec,
        shells: mesh.shellsOpened,
        byKind,
      },
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await fake.stop();
  }
}
