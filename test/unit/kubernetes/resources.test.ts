import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeApi, StatsSummary } from '../../../src/targets/kubernetes/api/index.js';
import { startCniProbe, type ProbeScope } from '../../../src/targets/kubernetes/resources.js';

/** A stand-in for the API client that answers GETs from a function. */
function stubApi(get: (path: string) => unknown): KubeApi {
  return { get: (path: string) => Promise.resolve(get(path)) } as unknown as KubeApi;
}

function summary(node: string, t: string, nodeNs: number, agentNs: number, ws: number): StatsSummary {
  return {
    node: { nodeName: node, cpu: { time: t, usageCoreNanoSeconds: nodeNs } },
    pods: [
      {
        podRef: { name: `cilium-${node}`, namespace: 'kube-system' },
        cpu: { time: t, usageCoreNanoSeconds: agentNs },
        memory: { workingSetBytes: ws },
      },
    ],
  };
}

const agents = [
  { namespace: 'kube-system', name: 'cilium-n1', node: 'n1' },
  { namespace: 'kube-system', name: 'cilium-n2', node: 'n2' },
];
const selectors = [{ namespace: 'kube-system', labels: { 'k8s-app': 'cilium' } }];

test('kubelet stats: CNI CPU between samples and memory of the agent pods on both nodes', async () => {
  let phase = 0;
  const api = stubApi((path) => {
    const node = /nodes\/([^/]+)\//.exec(path)![1]!;
    return phase === 0
      ? summary(node, '2026-01-01T00:00:00Z', 0, 0, 100 * 2 ** 20)
      : summary(node, '2026-01-01T00:00:10Z', 20e9, 1e9, 150 * 2 ** 20);
  });
  const scope: ProbeScope = {
    api,
    nodes: ['n1', 'n2'],
    agentPods: agents,
    selectors,
    metricsApi: false,
    minWindowMs: 0,
  };
  const probe = await startCniProbe(scope);
  phase = 1;
  const u = await probe.stop();
  assert.deepEqual(u.absent, []);
  assert.deepEqual(u.metrics['cni_cpu_pct'], { value: 20, unit: '%' }, '2 x 0.1 core');
  assert.deepEqual(u.metrics['cni_memory_mib'], { value: 300, unit: 'MiB' });
  assert.deepEqual(u.metrics['node_cpu_pct'], { value: 400, unit: '%' }, '2 x 2 cores');
  assert.match(u.source, /kubelet stats\/summary/);
});

test('no new kubelet sample, no agent pods, no permission: absent, never zero', async () => {
  const same = stubApi((path) =>
    summary(/nodes\/([^/]+)\//.exec(path)![1]!, '2026-01-01T00:00:00Z', 5, 5, 5),
  );
  const u1 = await (
    await startCniProbe({
      api: same,
      nodes: ['n1', 'n2'],
      agentPods: agents,
      selectors,
      metricsApi: false,
      minWindowMs: 0,
    })
  ).stop();
  assert.deepEqual(u1.metrics, {});
  assert.deepEqual(u1.absent.sort(), ['cni_cpu_pct', 'cni_memory_mib', 'node_cpu_pct']);
  assert.match(u1.source, /refresh every ~10 s/);
  const u2 = await (
    await startCniProbe({
      api: same,
      nodes: ['n1'],
      agentPods: [],
      selectors: [],
      metricsApi: false,
      minWindowMs: 0,
    })
  ).stop();
  assert.deepEqual(u2.absent.sort(), ['cni_cpu_pct', 'cni_memory_mib', 'node_cpu_pct']);
  assert.match(u2.source, /no CNI agent pods found/);
  const denied = {
    get: () => Promise.reject(new Error('not allowed: reading node n1 (proxy/stats/summary)')),
  } as unknown as KubeApi;
  const u3 = await (
    await startCniProbe({
      api: denied,
      nodes: ['n1'],
      agentPods: agents,
      selectors,
      metricsApi: false,
      minWindowMs: 0,
    })
  ).stop();
  assert.deepEqual(u3.metrics, {});
  assert.match(u3.source, /unavailable: not allowed/);
});

test('metrics API: usage quantities of the agent pods', async () => {
  const api = stubApi((path) => {
    assert.match(
      path,
      /^\/apis\/metrics\.k8s\.io\/v1beta1\/namespaces\/kube-system\/pods\?labelSelector=k8s-app%3Dcilium$/,
    );
    return {
      items: [
        {
          metadata: { name: 'cilium-n1', namespace: 'kube-system' },
          containers: [{ name: 'agent', usage: { cpu: '25m', memory: '200Mi' } }],
        },
        {
          metadata: { name: 'cilium-n2', namespace: 'kube-system' },
          containers: [{ name: 'agent', usage: { cpu: '75000000n', memory: '100Mi' } }],
        },
        {
          metadata: { name: 'cilium-n9', namespace: 'kube-system' },
          containers: [{ name: 'agent', usage: { cpu: '1', memory: '1Gi' } }],
        },
      ],
    };
  });
  const u = await (
    await startCniProbe({
      api,
      nodes: ['n1', 'n2'],
      agentPods: agents,
      selectors,
      metricsApi: true,
      minWindowMs: 0,
    })
  ).stop();
  assert.ok(Math.abs(u.metrics['cni_cpu_pct']!.value - 10) < 1e-9, 'pods on other nodes left out');
  assert.equal(u.metrics['cni_memory_mib']!.value, 300);
  assert.match(u.source, /metrics\.k8s\.io/);
});

test("a repetition shorter than the kubelet's sampling: absent without asking, never a delta of another window", async () => {
  let asked = 0;
  const api = stubApi((path) => {
    asked += 1;
    return summary(/nodes\/([^/]+)\//.exec(path)![1]!, '2026-01-01T00:00:00Z', 5, 5, 5);
  });
  const probe = await startCniProbe({
    api,
    nodes: ['n1', 'n2'],
    agentPods: agents,
    selectors,
    metricsApi: false,
  });
  const u = await probe.stop();
  assert.deepEqual(u.metrics, {});
  assert.deepEqual(u.absent.sort(), ['cni_cpu_pct', 'cni_memory_mib', 'node_cpu_pct']);
  assert.match(u.source, /shorter than the 8 s the kubelet and metrics-server need between samples/);
  assert.ok(asked <= 2, `only the first samples were read (${asked} requests)`);
});

test('a repetition planned shorter than the sampling window reads no kubelet summary at all', async () => {
  const paths: string[] = [];
  const api = stubApi((path) => {
    paths.push(path);
    return summary(/nodes\/([^/]+)\//.exec(path)![1]!, '2026-01-01T00:00:00Z', 0, 0, 0);
  });
  const scope = { api, nodes: ['n1', 'n2'], agentPods: agents, selectors, metricsApi: false };
  const short = await (await startCniProbe({ ...scope, plannedMs: 1000 })).stop();
  assert.deepEqual(paths, [], 'no summary requested while a 1-s tool measures');
  assert.deepEqual(short.metrics, {});
  assert.match(short.source, /not sampled: the repetition \(\d\.\d s\) is shorter than the 8 s/);
  await (await startCniProbe({ ...scope, plannedMs: 10_000 })).stop();
  assert.equal(paths.length, 2, 'a 10-s repetition samples both nodes at its start');
});
