import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIperf3 } from '../../../src/tools/iperf3.js';
import { fixture } from '../../helpers/paths.js';

test('TCP, one stream: receiver-side throughput, retransmits, CPU, per-interval series without the warm-up', () => {
  const r = parseIperf3(fixture('iperf3', 'tcp-1stream.json'));
  assert.ok(r.ok);
  assert.equal(r.protocol, 'TCP');
  assert.ok(Math.abs(r.metrics.throughput_gbps! - 21.74352064) < 1e-8); // end.sum_received, not sum_sent (21.86)
  assert.equal(r.metrics.retransmits, 113);
  assert.ok(Math.abs(r.metrics.sender_cpu_pct! - 45.874) < 0.001);
  assert.ok(Math.abs(r.metrics.receiver_cpu_pct! - 50.203) < 0.001);
  // 3 intervals, the first omitted (-O 1): the series has the 2 measured ones
  assert.equal(r.series[0]!.points.length, 2);
  assert.equal(r.series[0]!.metric, 'throughput_gbps');
});

test('TCP, four streams: the SUM is used', () => {
  const r = parseIperf3(fixture('iperf3', 'tcp-4streams.json'));
  assert.ok(r.ok);
  const json = JSON.parse(fixture('iperf3', 'tcp-4streams.json')) as {
    end: { sum_received: { bits_per_second: number } };
  };
  assert.equal(r.metrics.throughput_gbps, json.end.sum_received.bits_per_second / 1e9);
});

test('UDP at 1 Gbit/s: offered rate, loss, jitter, datagrams', () => {
  const r = parseIperf3(fixture('iperf3', 'udp-1g.json'));
  assert.ok(r.ok);
  assert.equal(r.protocol, 'UDP');
  assert.equal(r.metrics.offered_gbps, 1);
  assert.ok(Math.abs(r.metrics.loss_pct! - 33.276453711864086) < 1e-9);
  assert.equal(r.metrics.lost_datagrams, 53238);
  assert.equal(r.metrics.total_datagrams, 159987);
  assert.ok(r.metrics.jitter_ms! > 0);
  assert.ok(Math.abs(r.metrics.throughput_gbps! - 0.6182528) < 1e-6); // received, not sent
});

test('UDP without a rate limit is flagged', () => {
  const r = parseIperf3(fixture('iperf3', 'udp-unlimited.json'));
  assert.ok(r.ok);
  assert.equal(r.metrics.offered_gbps, undefined);
  assert.match(r.notes.join(' '), /unlimited/);
});

for (const [file, pattern] of [
  ['error-connection-refused.json', /Connection refused/],
  ['error-unreachable.json', /Connection timed out/],
  ['error-server-busy.json', /server is busy/],
  ['error-client-terminated.json', /client has terminated/],
] as const) {
  test(`iperf3's own error is reported: ${file}`, () => {
    const r = parseIperf3(fixture('iperf3', file));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, 'TOOL_FAILED');
      assert.match(r.message, pattern);
    }
  });
}

test('empty, truncated and foreign output are invalid, never zero', () => {
  for (const text of [
    '',
    '   ',
    fixture('iperf3', 'tcp-1stream.json').slice(0, 500),
    '{"hello": 1}',
    fixture('iperf3', 'server-text-4streams.txt'),
  ]) {
    const r = parseIperf3(text);
    assert.equal(r.ok, false, text.slice(0, 40));
    if (!r.ok) assert.equal(r.code, 'TOOL_OUTPUT_INVALID');
  }
});
