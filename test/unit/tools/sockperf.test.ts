import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSockperf } from '../../../src/tools/sockperf.js';
import { fixture } from '../../helpers/paths.js';

const out = (name: string): string => fixture('sockperf', `pingpong-${name}.stdout`);

test('ping-pong: round-trip percentiles in µs and transactions/s over the valid period', () => {
  const r = parseSockperf(out('ok'));
  assert.ok(r.ok);
  const m = r.value.metrics;
  assert.ok(m.latency_p50_us! > 0 && m.latency_p50_us! <= m.latency_p90_us!);
  assert.ok(m.latency_p90_us! <= m.latency_p99_us! && m.latency_p99_us! <= m.latency_p999_us!);
  const valid = /\[Valid Duration\] RunTime=([\d.]+) sec; SentMessages=\d+; ReceivedMessages=(\d+)/.exec(
    out('ok'),
  )!;
  assert.equal(m.rate_per_s, Number(valid[2]) / Number(valid[1]));
  assert.deepEqual(r.value.notes, []);
});

test('connection refused: sockperf exits 0 but the error is found in its text', () => {
  const r = parseSockperf(out('refused'));
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_FAILED');
  assert.match(r.message, /Connection refused/);
});

test('no route to host', () => {
  const r = parseSockperf(out('unreach'));
  assert.ok(!r.ok);
  assert.match(r.message, /No route to host/);
});

test('server died mid-test: the peer-closed error is reported', () => {
  const r = parseSockperf(out('serverdied'));
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_FAILED');
  assert.match(r.message, /forcibly closed/);
});

test('server stopped answering: no replies', () => {
  const r = parseSockperf(out('noreplies'));
  assert.ok(!r.ok);
  assert.match(r.message, /no replies/);
});

test('killed by a timeout before any statistics: partial output is not figures', () => {
  const r = parseSockperf(out('timeout'));
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_OUTPUT_INVALID');
  assert.match(r.message, /before its statistics/);
});

test('empty output', () => {
  const r = parseSockperf('');
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_OUTPUT_INVALID');
});
