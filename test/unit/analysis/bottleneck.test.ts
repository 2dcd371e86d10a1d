import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bottleneckNotes, groupNotes } from '../../../src/analysis/bottleneck.js';
import { makeResultDoc } from '../../helpers/result-fixture.js';

test('link-bound against the shaped rate (said once, not beside the host baseline), CPU-bound and loss-bound notes', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'shaped', config: { profile: 'vxlan', linkRate: '1G' } }],
    results: [
      { scenario: 'shaped', placement: 'host', metrics: { throughput_gbps: [0.95, 0.96, 0.94] } },
      {
        scenario: 'shaped',
        placement: 'cross-node',
        metrics: {
          throughput_gbps: [0.93, 0.92, 0.94],
          sender_cpu_pct: [95, 97, 96],
          receiver_cpu_pct: [40, 41, 42],
        },
      },
      {
        scenario: 'shaped',
        placement: 'same-node',
        measurement: 'udp',
        variant: 'bitrate=1G',
        metrics: { throughput_gbps: [0.5, 0.5, 0.5], loss_pct: [12, 13, 14], offered_gbps: [1, 1, 1] },
      },
    ],
  });
  const notes = bottleneckNotes(doc);
  const of = (placement: string): string[] =>
    notes.filter((n) => n.placement === placement).map((n) => n.kind);
  assert.deepEqual(of('host'), ['link-bound']);
  assert.deepEqual(of('cross-node'), ['link-bound', 'cpu-bound']);
  assert.deepEqual(of('same-node'), ['loss-bound']);
  const cross = notes.filter((n) => n.placement === 'cross-node');
  assert.match(cross[0]!.message, /93% of the shaped link rate \(1\.00 Gbit\/s\)/);
  assert.match(cross[1]!.message, /sender CPU at 96\.0%/);
  assert.match(
    notes.find((n) => n.kind === 'loss-bound')!.message,
    /13\.0% datagrams lost at an offered 1\.00 Gbit\/s/,
  );
});

test('no notes for a figure well below its ceilings', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'a' }],
    results: [
      { scenario: 'a', placement: 'host', metrics: { throughput_gbps: [40, 41, 42] } },
      { scenario: 'a', metrics: { throughput_gbps: [20, 21, 22], sender_cpu_pct: [50, 50, 50] } },
    ],
  });
  assert.deepEqual(bottleneckNotes(doc), []);
});

test('a UDP figure at its offered rate is not link-bound', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'a' }],
    results: ['host', 'cross-node'].map((placement) => ({
      scenario: 'a',
      placement: placement as 'host' | 'cross-node',
      measurement: 'udp' as const,
      variant: 'bitrate=1G',
      metrics: { throughput_gbps: [0.99, 0.99, 0.99], offered_gbps: [1, 1, 1], loss_pct: [0, 0, 0] },
    })),
  });
  assert.deepEqual(bottleneckNotes(doc), []);
});

test('a same-node path never crosses the link: not link-bound, however fast', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'a', config: { profile: 'vxlan', linkRate: '10G' } }],
    results: [
      { scenario: 'a', placement: 'host', metrics: { throughput_gbps: [9.5, 9.6, 9.4] } },
      { scenario: 'a', placement: 'same-node', metrics: { throughput_gbps: [17, 18, 17.5] } },
      { scenario: 'a', placement: 'cross-node', metrics: { throughput_gbps: [9.3, 9.2, 9.4] } },
    ],
  });
  const notes = bottleneckNotes(doc);
  assert.deepEqual(
    notes.map((n) => [n.placement, n.kind]),
    [
      ['host', 'link-bound'],
      ['cross-node', 'link-bound'],
    ],
  );
});

test('without a shaped link, a crossing path near its host baseline is link-bound against that baseline', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'a', config: { profile: 'vxlan' } }],
    results: [
      { scenario: 'a', placement: 'host', metrics: { throughput_gbps: [9.5, 9.6, 9.4] } },
      { scenario: 'a', placement: 'cross-node', metrics: { throughput_gbps: [9.3, 9.2, 9.4] } },
    ],
  });
  const notes = bottleneckNotes(doc);
  assert.deepEqual(
    notes.map((n) => [n.placement, n.kind]),
    [['cross-node', 'link-bound']],
  );
  assert.match(notes[0]!.message, /98% of the host-network baseline \(9\.50 Gbit\/s\) on the same link/);
});

test('UDP whose sender did not reach the offered rate is flagged sender-bound, with what was sent', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'a' }],
    results: [
      {
        scenario: 'a',
        placement: 'cross-node',
        measurement: 'udp',
        variant: 'rate=1G',
        metrics: {
          throughput_gbps: [0.54, 0.55, 0.53],
          sent_gbps: [0.54, 0.55, 0.53],
          offered_gbps: [1, 1, 1],
          loss_pct: [0, 0, 0],
        },
      },
    ],
  });
  const notes = bottleneckNotes(doc);
  assert.deepEqual(
    notes.map((n) => n.kind),
    ['sender-bound'],
  );
  assert.match(
    notes[0]!.message,
    /offered rate not reached \(sender-bound\): sent 0\.540 of the 1\.00 Gbit\/s offered/,
  );
});

test('a kind that qualifies every figure of a measurement becomes one banner', () => {
  const doc = makeResultDoc({
    scenarios: [{ name: 'a' }, { name: 'b' }],
    results: ['a', 'b'].flatMap((scenario) =>
      (['same-node', 'cross-node'] as const).map((placement) => ({
        scenario,
        placement,
        metrics: { throughput_gbps: [5, 5.1, 4.9], sender_cpu_pct: [97, 98, 99] },
      })),
    ),
  });
  const { banners, notes } = groupNotes([doc], bottleneckNotes(doc));
  assert.deepEqual(
    banners.map((b) => [b.measurement, b.kind]),
    [['tcp', 'cpu-bound']],
  );
  assert.deepEqual(notes, []);
});
