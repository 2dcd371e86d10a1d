import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseH2loadLog, parseH2loadSummary } from '../../../src/tools/h2load.js';
import { fixture } from '../../helpers/paths.js';

const out = (name: string): string => fixture('h2load', `${name}.stdout`);

test('keep-alive at 1000/s: summary counters', () => {
  const r = parseH2loadSummary(out('keepalive-rate1000'));
  assert.ok(r.ok);
  assert.equal(r.value.total, 4000);
  assert.equal(r.value.succeeded, 4000);
  assert.equal(r.value.failed, 0);
  assert.equal(r.value.status2xx, 4000);
  assert.equal(r.value.reqPerS, 1000.11);
  assert.equal(r.value.elapsedS, 4);
});

test('elapsed time in milliseconds is converted to seconds', () => {
  const r = parseH2loadSummary(out('close-refused'));
  assert.ok(r.ok);
  assert.ok(Math.abs(r.value.elapsedS - 0.51315) < 1e-9);
  assert.equal(r.value.failed, 500);
  assert.equal(r.value.errored, 500);
  assert.equal(r.value.succeeded, 0);
});

test('per-request log: start µs, status, duration µs', () => {
  const { requests, malformed } = parseH2loadLog(fixture('h2load', 'keepalive-rate1000.log'));
  assert.equal(malformed, 0);
  assert.equal(requests.length, 4000);
  assert.ok(requests.every((r) => r.status === 200 && r.durationUs > 0 && r.startUs > 1.7e15));
});

test('malformed log rows are counted, not guessed', () => {
  const { requests, malformed } = parseH2loadLog('1795318316251685\t200\t2589\ngarbage\n12\t200\n');
  assert.equal(requests.length, 1);
  assert.equal(malformed, 2);
});

test('connection refused in -D mode: a summary with nothing done', () => {
  const r = parseH2loadSummary(out('refused'));
  assert.ok(r.ok);
  assert.equal(r.value.total, 0);
  assert.equal(r.value.succeeded, 0);
});

test('killed by a timeout while connections hung: no summary', () => {
  const r = parseH2loadSummary(out('stalled'));
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_OUTPUT_INVALID');
  assert.match(r.message, /before its summary/);
});

test('h2load crashed (libev assertion) after its clients stopped: no summary', () => {
  const r = parseH2loadSummary(out('stalled-N'));
  assert.ok(!r.ok);
  assert.match(fixture('h2load', 'stalled-N.stderr'), /Assertion/);
});

test('server died mid-run: the summary shows the failed requests', () => {
  const r = parseH2loadSummary(out('serverdied'));
  assert.ok(r.ok);
  assert.equal(r.value.succeeded, 1489);
  assert.equal(r.value.failed, 2511);
});

test('empty output', () => {
  assert.ok(!parseH2loadSummary('').ok);
});
