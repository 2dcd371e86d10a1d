import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CnibenchError } from '../../../src/model/errors.js';
import { describeRequest } from '../../../src/targets/kubernetes/api/errors.js';
import { exitCodeOf } from '../../../src/targets/kubernetes/api/exec.js';
import { detectCni, imageVersion, kubeProxyMode } from '../../../src/targets/kubernetes/cni.js';
import {
  labelValue,
  namespaceName,
  podManifest,
  serviceManifest,
} from '../../../src/targets/kubernetes/manifests.js';
import { chooseNodes, nodeZone } from '../../../src/targets/kubernetes/nodes.js';
import { wrapArgv } from '../../../src/targets/kubernetes/pod-exec.js';
import { podState } from '../../../src/targets/kubernetes/pod-wait.js';
import { coresBetween, parseQuantity } from '../../../src/targets/kubernetes/resources.js';
import { rolloutPending } from '../../../src/targets/kubernetes/setup.js';
import { KubernetesSettings } from '../../../src/targets/kubernetes/schema.js';
import { fakeNode } from '../../helpers/fake-apiserver.js';

test('describeRequest names the action, object and namespace', () => {
  assert.equal(describeRequest('POST', '/api/v1/namespaces/ns1/pods'), 'creating pods in namespace ns1');
  assert.equal(
    describeRequest('GET', '/api/v1/namespaces/ns1/pods/srv-a'),
    'reading pod srv-a in namespace ns1',
  );
  assert.equal(describeRequest('DELETE', '/api/v1/namespaces/ns1'), 'deleting namespace ns1');
  assert.equal(
    describeRequest('GET', '/api/v1/nodes/n1/proxy/stats/summary'),
    'reading node n1 (proxy/stats/summary)',
  );
  assert.equal(
    describeRequest('GET', '/api/v1/namespaces/x/pods?labelSelector=a&watch=1'),
    'watching pods in namespace x',
  );
  assert.equal(
    describeRequest('GET', '/apis/apps/v1/namespaces/kube-system/daemonsets/cilium'),
    'reading daemonset cilium in namespace kube-system',
  );
});

test('node choice skips control plane, NotReady, cordoned, tainted and non-Linux nodes', () => {
  const cp = fakeNode('a-cp', { labels: { 'node-role.kubernetes.io/control-plane': '' } });
  const notReady = fakeNode('b-nr');
  notReady.status!.conditions = [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }];
  const cordoned = fakeNode('c-cordon', {}, { unschedulable: true });
  const tainted = fakeNode('d-gpu', {}, { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] });
  const win = fakeNode('e-win', { labels: { 'kubernetes.io/os': 'windows' } });
  const w1 = fakeNode('f-w1');
  const w2 = fakeNode('g-w2');
  const c = chooseNodes([w2, win, tainted, cordoned, notReady, cp, w1], []);
  assert.deepEqual(
    c.nodes.map((n) => n.metadata.name),
    ['f-w1', 'g-w2'],
  );
  assert.deepEqual(
    c.skipped.map((s) => `${s.name}: ${s.reason}`),
    [
      'b-nr: not Ready (KubeletNotReady)',
      'c-cordon: cordoned (unschedulable)',
      'd-gpu: tainted gpu=true:NoSchedule',
      'e-win: runs windows, not Linux',
      'a-cp: control-plane node (two workers are usable)',
    ],
  );
  // a toleration makes the tainted node usable; with one worker, an untainted control plane fills in
  const t = chooseNodes([tainted, cp], [{ key: 'gpu', operator: 'Exists' }]);
  assert.deepEqual(
    t.nodes.map((n) => n.metadata.name),
    ['d-gpu', 'a-cp'],
  );
  // named nodes: must exist and be usable; a control-plane node may be named
  assert.deepEqual(
    chooseNodes([cp, w1], [], ['a-cp', 'f-w1']).nodes.map((n) => n.metadata.name),
    ['a-cp', 'f-w1'],
  );
  assert.throws(
    () => chooseNodes([w1], [], ['f-w1', 'nope']),
    (e: CnibenchError) => e.code === 'K8S_NO_NODES' && /"nope" does not exist/.test(e.message),
  );
  assert.throws(() => chooseNodes([cordoned, w1], [], ['c-cordon', 'f-w1']), /cordoned/);
  assert.throws(
    () => chooseNodes([tainted, notReady], []),
    /no schedulable Linux node among 2 nodes \(b-nr: not Ready \(KubeletNotReady\); d-gpu: tainted/,
  );
});

test('kind and minikube: one node that is its own control plane is used, cross-node left out', () => {
  const kind = fakeNode('kind-control-plane', {
    labels: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' },
  });
  assert.deepEqual(
    chooseNodes([kind], []).nodes.map((n) => n.metadata.name),
    ['kind-control-plane'],
  );
  // kind with workers: its control plane is tainted and skipped for the taint
  const tainted = fakeNode(
    'kind-control-plane',
    { labels: { 'node-role.kubernetes.io/control-plane': '' } },
    { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
  );
  const c = chooseNodes([tainted, fakeNode('kind-worker'), fakeNode('kind-worker2')], []);
  assert.deepEqual(
    c.nodes.map((n) => n.metadata.name),
    ['kind-worker', 'kind-worker2'],
  );
  assert.match(c.skipped[0]!.reason, /tainted node-role\.kubernetes\.io\/control-plane:NoSchedule/);
});

test('--cross-zone: two nodes of different zones, or a clear error with the zones found', () => {
  const z = (name: string, zone?: string) =>
    fakeNode(name, {
      labels: {
        'kubernetes.io/os': 'linux',
        ...(zone === undefined ? {} : { 'topology.kubernetes.io/zone': zone }),
      },
    });
  const c = chooseNodes([z('n1', 'a'), z('n2', 'a'), z('n3', 'b')], [], undefined, { crossZone: true });
  assert.deepEqual(
    c.nodes.map((n) => `${n.metadata.name}/${nodeZone(n)}`),
    ['n1/a', 'n3/b'],
  );
  assert.throws(
    () => chooseNodes([z('n1', 'a'), z('n2', 'a'), z('n3')], [], undefined, { crossZone: true }),
    (e: CnibenchError) =>
      e.code === 'K8S_NO_NODES' &&
      /no two usable nodes in different topology\.kubernetes\.io\/zone zones \(usable nodes by zone: a: 2 nodes, no zone label: 1 node\)/.test(
        e.message,
      ),
  );
});

test("node choice prefers a second node in the first one's zone", () => {
  const z = (name: string, zone: string) =>
    fakeNode(name, { labels: { 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': zone } });
  const c = chooseNodes([z('n1', 'a'), z('n2', 'b'), z('n3', 'a')], []);
  assert.deepEqual(
    c.nodes.map((n) => n.metadata.name),
    ['n1', 'n3'],
  );
});

test('pod states in words', () => {
  assert.equal(podState({ metadata: {}, status: { phase: 'Pending' } }).reason, 'Pending: not scheduled yet');
  const ready = podState({
    metadata: {},
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
    },
  });
  assert.equal(ready.ready, true);
  const never = podState({
    metadata: {},
    status: {
      containerStatuses: [
        {
          name: 't',
          ready: false,
          restartCount: 0,
          image: 'x:1',
          state: {
            waiting: {
              reason: 'ErrImageNeverPull',
              message: 'Container image "x:1" is not present with pull policy of Never',
            },
          },
        },
      ],
    },
  });
  assert.equal(never.fatal, true);
  assert.equal(never.kind, 'image');
  assert.match(never.reason, /^ErrImageNeverPull: image x:1: Container image "x:1" is not present/);
  const ended = podState({
    metadata: {},
    status: { phase: 'Failed', reason: 'Evicted', message: 'low on memory' },
  });
  assert.deepEqual([ended.fatal, ended.reason], [true, 'ended (phase Failed: Evicted: low on memory)']);
});

test('CNI detection and versions from DaemonSets', () => {
  const ds = (
    ns: string,
    name: string,
    containers: { name: string; image: string }[],
    labels = { app: name },
  ) => ({
    metadata: { name, namespace: ns },
    spec: { selector: { matchLabels: labels }, template: { spec: { containers } } },
  });
  assert.equal(detectCni([]).name, 'unknown');
  const cil = detectCni([
    ds('kube-system', 'cilium-envoy', [{ name: 'envoy', image: 'quay.io/cilium/cilium-envoy:v1.30' }]),
    ds('kube-system', 'cilium', [{ name: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.16.5@sha256:00' }]),
  ]);
  assert.deepEqual([cil.name, cil.version, cil.daemonSets], ['cilium', 'v1.16.5', ['kube-system/cilium']]);
  const canal = detectCni([
    ds('kube-system', 'rke2-canal', [
      { name: 'calico-node', image: 'rancher/hardened-calico:v3.28.1-build20240806' },
      { name: 'kube-flannel', image: 'rancher/hardened-flannel:v0.25.5' },
    ]),
  ]);
  assert.deepEqual([canal.name, canal.version], ['canal', 'v3.28.1-build20240806']);
  assert.equal(
    detectCni([
      ds('kube-system', 'aws-node', [
        { name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0' },
      ]),
    ]).version,
    'v1.19.0',
  );
  assert.equal(
    detectCni([
      ds('calico-system', 'calico-node', [{ name: 'calico-node', image: 'docker.io/calico/node:v3.29.0' }]),
    ]).name,
    'calico',
  );
  assert.equal(imageVersion('localhost:5000/img'), null);
  const kp = ds('kube-system', 'kube-proxy', [
    { name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.31.0' },
  ]);
  assert.equal(
    kubeProxyMode([kp], 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nmode: "ipvs"\n', undefined),
    'ipvs',
  );
  assert.equal(kubeProxyMode([kp], 'mode: ""\n', undefined), 'iptables');
  assert.equal(
    kubeProxyMode([], undefined, { 'kube-proxy-replacement': 'true' }),
    'none (cilium kube-proxy replacement: true)',
  );
  assert.equal(kubeProxyMode([], undefined, undefined), null);
});

test('quantities, kubelet CPU deltas, exec statuses, rollouts, wrapped argv, names', () => {
  assert.equal(parseQuantity('250m'), 0.25);
  assert.equal(parseQuantity('64Mi'), 64 * 2 ** 20);
  assert.ok(Math.abs(parseQuantity('12345678n') - 0.012345678) < 1e-12);
  assert.throws(() => parseQuantity('lots'), /not a Kubernetes quantity/);
  const t = (iso: string, ns: number) => ({ time: iso, usageCoreNanoSeconds: ns });
  assert.equal(coresBetween(t('2026-01-01T00:00:00Z', 0), t('2026-01-01T00:00:10Z', 5e9)), 0.5);
  assert.equal(
    coresBetween(t('2026-01-01T00:00:00Z', 0), t('2026-01-01T00:00:00Z', 5e9)),
    undefined,
    'no new sample',
  );
  assert.deepEqual(exitCodeOf({ status: 'Success' }), { code: 0 });
  assert.deepEqual(
    exitCodeOf({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    }),
    { code: 3 },
  );
  assert.equal(
    exitCodeOf({ status: 'Failure', message: 'exec: "iperf3": executable file not found in $PATH' }).code,
    127,
  );
  assert.equal(
    rolloutPending({ metadata: { generation: 2 }, status: { observedGeneration: 1 } }),
    'new spec not yet observed by the controller',
  );
  assert.equal(
    rolloutPending({
      metadata: { generation: 2 },
      status: { observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 1 },
    }),
    '1 of 3 pods updated',
  );
  assert.equal(
    rolloutPending({
      metadata: { generation: 2 },
      status: {
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
      },
    }),
    undefined,
  );
  assert.deepEqual(wrapArgv(['iperf3', '-c', 'x'], 1500), ['timeout', '-k', '2', '2', 'iperf3', '-c', 'x']);
  assert.deepEqual(wrapArgv(['cat'], 1000, 'hi'), [
    'timeout',
    '-k',
    '2',
    '1',
    'sh',
    '-c',
    'printf %s "$0" | "$@"',
    'hi',
    'cat',
  ]);
  assert.equal(namespaceName('cnibench', '20261122T0400-AB_c'), 'cnibench-20261122t0400-ab-c');
  assert.equal(labelValue('a b/c'), 'a-b-c');
});

test('manifests: pinned through the scheduler, requests, tolerations, host network, Service ports', () => {
  const s = KubernetesSettings.parse({
    tolerations: [{ key: 'dedicated', operator: 'Exists' }],
    limits: { memory: '1Gi' },
  });
  const p = podManifest('host-b', 'node9', 'ns', 'r1', s);
  assert.equal(p.spec?.hostNetwork, true);
  assert.equal(p.spec?.dnsPolicy, 'ClusterFirstWithHostNet');
  assert.deepEqual(p.spec?.tolerations, [{ key: 'dedicated', operator: 'Exists' }]);
  assert.deepEqual(p.spec?.containers[0]?.resources, {
    requests: { cpu: '100m', memory: '64Mi' },
    limits: { memory: '1Gi' },
  });
  assert.match(
    JSON.stringify(p.spec?.affinity),
    /"matchFields":\[\{"key":"metadata.name","operator":"In","values":\["node9"\]\}\]/,
  );
  assert.equal(p.metadata.labels?.['app.kubernetes.io/managed-by'], 'cnibench');
  assert.equal(p.metadata.labels?.['cnibench.io/run'], 'r1');
  const svc = serviceManifest('ns', 'r1', s);
  assert.equal(svc.spec?.ports?.length, 42, '20 ports and the check port, TCP and UDP each');
  assert.deepEqual(svc.spec?.selector, { 'cnibench.io/pod': 'srv-a' });
});
