import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyMeasurement } from '../../../src/measure/policy.js';
import { podnetMeasurement, setupOutcome } from '../../../src/measure/podnet.js';
import { TIMING } from './fake-target.js';

test('policy: one variant per mode, test and count; cross-node by default; each mode needs its capability', () => {
  const vs = policyMeasurement.plan(
    { kind: 'policy', counts: [0, 1000], modes: ['iptables', 'cni'] },
    TIMING,
  );
  assert.deepEqual(
    vs.map((v) => v.name),
    [
      'policies=0,mode=iptables,test=crr',
      'policies=1000,mode=iptables,test=crr',
      'policies=0,mode=iptables,test=rr',
      'policies=1000,mode=iptables,test=rr',
      'policies=0,mode=cni,test=crr',
      'policies=1000,mode=cni,test=crr',
      'policies=0,mode=cni,test=rr',
      'policies=1000,mode=cni,test=rr',
    ],
  );
  assert.deepEqual(vs[0]!.placements, ['cross-node']);
  // the lab writes its own rules; a Kubernetes CNI must be seen to enforce NetworkPolicy
  assert.deepEqual(vs[0]!.requires, ['network-policy', 'policy-rules']);
  assert.deepEqual(vs[4]!.requires, ['network-policy', 'policy-enforced']);
});

test('policy: mode ebpf needs the lab rules and the run-time check of clang, bpftool and tc; not a default', () => {
  const [v] = policyMeasurement.plan(
    { kind: 'policy', counts: [10], modes: ['ebpf'], tests: ['crr'] },
    TIMING,
  );
  assert.equal(v!.name, 'policies=10,mode=ebpf,test=crr');
  assert.deepEqual(v!.requires, ['network-policy', 'policy-rules', 'policy-ebpf']);
  const defaults = policyMeasurement.plan({ kind: 'policy' }, TIMING);
  assert.ok(defaults.every((x) => !x.name.includes('mode=ebpf')));
});

test('policy: the host placement is refused with a reason (policies sit on a server pod)', () => {
  assert.throws(
    () => policyMeasurement.plan({ kind: 'policy', placements: ['host'] }, TIMING),
    /policies need a server pod/,
  );
});

test('podnet: a setup variant and one churn variant per count; needs pod-attach', () => {
  const vs = podnetMeasurement.plan({ kind: 'podnet', churn: [10, 50] }, TIMING);
  assert.deepEqual(
    vs.map((v) => v.name),
    ['test=setup,pods=3,size=16M', 'test=churn,pods=10', 'test=churn,pods=50'],
  );
  assert.equal(vs[0]!.parameters.bytes, 16 * 1024 * 1024);
  assert.deepEqual(vs[1]!.requires, ['pod-attach']);
});

test('podnet: setup figures are percentiles of the pods and medians of the downloads, with samples kept', () => {
  const out = setupOutcome(
    {
      targetNotes: new Set(['Kubernetes: add is pod create to Ready']),
      add: [120, 140, 300],
      del: [80, 90, 100],
      ready: [640, 655, 900],
      transfers: [
        { throughput_gbps: 0.99, connect_ms: 1030, curl_gbps: 0.11 },
        { throughput_gbps: 0.97, connect_ms: 1010, curl_gbps: 0.12 },
        { throughput_gbps: 0.95, connect_ms: 1020, curl_gbps: 0.1 },
      ],
    },
    [],
  );
  assert.ok(out.status === 'ok');
  assert.equal(out.metrics.add_p50_ms, 140);
  assert.equal(out.metrics.ready_p50_ms, 655);
  assert.equal(out.metrics.throughput_gbps, 0.97);
  assert.equal(out.metrics.connect_ms, 1020);
  assert.deepEqual(out.samples!.ready_ms, [640, 655, 900]);
  // what the target's times include travels with the figures
  assert.ok(out.notes?.includes('Kubernetes: add is pod create to Ready'));
});
