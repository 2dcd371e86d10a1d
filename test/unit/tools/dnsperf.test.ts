import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDnsperf } from '../../../src/tools/dnsperf.js';
import { fixture } from '../../helpers/paths.js';

test('200 queries at 100/s, all answered: per-answer latency in µs', () => {
  const r = parseDnsperf(fixture('dnsperf', 'ok.stdout'));
  assert.ok(r.ok);
  assert.equal(r.value.sent, 200);
  assert.equal(r.value.completed, 200);
  assert.equal(r.value.lost, 0);
  assert.deepEqual(r.value.rcodes, { NOERROR: 200 });
  assert.equal(r.value.answers.length, 200);
  assert.ok(r.value.answers.every((a) => a.rcode === 'NOERROR' && a.latencyUs > 10 && a.latencyUs < 100_000));
  assert.ok(Math.abs(r.value.runTimeS - 2.000166) < 1e-9);
});

test('a name the server refuses: answers with REFUSED', () => {
  const r = parseDnsperf(fixture('dnsperf', 'refused.stdout'));
  assert.ok(r.ok);
  assert.deepEqual(r.value.rcodes, { REFUSED: 20 });
  assert.ok(r.value.answers.every((a) => a.rcode === 'REFUSED'));
});

test('server killed mid-run: half the queries lost', () => {
  const r = parseDnsperf(fixture('dnsperf', 'serverdied.stdout'));
  assert.ok(r.ok);
  assert.equal(r.value.sent, 100);
  assert.equal(r.value.completed, 50);
  assert.equal(r.value.lost, 50);
});

test('no server: every query lost, no answers', () => {
  const r = parseDnsperf(fixture('dnsperf', 'serverdown.stdout'));
  assert.ok(r.ok);
  assert.equal(r.value.completed, 0);
  assert.equal(r.value.lost, 20);
  assert.equal(r.value.answers.length, 0);
});

test('dnsperf error before statistics (input could not be reread)', () => {
  const text =
    'DNS Performance Testing Tool\nVersion 2.10.0\n\n[Status] Stopping after 1.000000 seconds\nError: cannot reread input\n';
  const r = parseDnsperf(text);
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_FAILED');
  assert.match(r.message, /cannot reread input/);
});

test('cut off before the statistics', () => {
  const r = parseDnsperf(fixture('dnsperf', 'ok.stdout').split('Statistics:')[0]!);
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_OUTPUT_INVALID');
});
