import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bottleneckNotes } from '../../../src/analysis/bottleneck.js';
import { makeResultDoc } from '../../helpers/result-fixture.js';

const path = (mtu: number, pathMtu: number) => ({
  client: { id: 'node1/pod-a', node: 'node1', address: '10.124.1.2', mtu },
  server: { id: 'node2/pod-c', node: 'node2', address: '10.124.2.2', mtu },
  serverAddress: '10.124.2.2',
  pathMtu,
});

test('the bandwidth plugin\u2019s limit makes TCP and an over-offered UDP link-bound, same-node too; not host', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'limited', config: { profile: 'bridge-native', bandwidth: { egress: '500M' } } }],
    results: [
      { scenario: 'limited', placement: 'same-node', metrics: { throughput_gbps: [0.49, 0.5, 0.48] } },
      { scenario: 'limited', placement: 'host', metrics: { throughput_gbps: [3, 3.1, 2.9] } },
      {
        scenario: 'limited',
        placement: 'cross-node',
        measurement: 'udp',
        variant: 'rate=1G',
        metrics: { throughput_gbps: [0.48, 0.49, 0.48], offered_gbps: [1, 1, 1], sent_gbps: [1, 1, 1] },
      },
    ],
  });
  const link = bottleneckNotes(doc).filter((n) => n.kind === 'link-bound');
  assert.deepEqual(
    link.map((n) => n.placement),
    ['same-node', 'cross-node'],
  );
  assert.match(link[0]!.message, /98% of the pods' rate limit \(0\.500 Gbit\/s, bandwidth plugin\)/);
});

test('a pod MTU above the measured path MTU is flagged; a right one is not', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'mistake' }, { name: 'right' }],
    results: [
      { scenario: 'mistake', metrics: { throughput_gbps: [0, 0, 0] } },
      { scenario: 'right', metrics: { throughput_gbps: [4, 5, 4] } },
    ],
  });
  doc.results[0]!.path = path(1500, 1450);
  doc.results[1]!.path = path(1450, 1450);
  const mtu = bottleneckNotes(doc).filter((n) => n.kind === 'mtu-bound');
  assert.equal(mtu.length, 1);
  assert.equal(mtu[0]!.scenario, 'mistake');
  assert.match(mtu[0]!.message, /pod MTU 1500 is larger than the measured path MTU 1450/);
});
