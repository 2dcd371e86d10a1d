import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePing } from '../../../src/tools/ping.js';
import { fixture } from '../../helpers/paths.js';

const run = (name: string) => parsePing(fixture('ping', `${name}.stdout`), fixture('ping', `${name}.stderr`));

test('ping: every reply with its RTT, and the totals', () => {
  const r = run('ok');
  assert.ok(r.ok);
  assert.equal(r.value.replies.length, r.value.received);
  assert.equal(r.value.lossPct, 0);
  assert.equal(r.value.payload, 56);
  assert.ok(r.value.replies.every((x) => x.rttMs > 0 && x.rttMs < 10));
  assert.deepEqual(
    r.value.replies.slice(0, 3).map((x) => x.seq),
    [1, 2, 3],
  );
});

test('ping: partial loss is a result with its loss, not a failure', () => {
  const r = run('loss-25pct');
  assert.ok(r.ok);
  assert.ok(Math.abs(r.value.lossPct - 25) < 1, `${r.value.lossPct}% lost`);
  assert.equal(r.value.replies.length, r.value.received);
  assert.ok(r.value.transmitted > r.value.received);
});

test('ping: payload size from its header', () => {
  const r = run('size-1400');
  assert.ok(r.ok);
  assert.equal(r.value.payload, 1400);
});

test('ping failures are failures, in ping\u2019s own words, never a zero', () => {
  const none = run('unreachable-host');
  assert.ok(!none.ok && none.code === 'TOOL_FAILED');
  assert.match(none.message, /no reply to \d+ echo requests \(100% loss\)/);
  const noRoute = run('no-route');
  assert.ok(!noRoute.ok && noRoute.code === 'TOOL_FAILED');
  assert.match(noRoute.message, /Network is unreachable/);
  const tooBig = run('df-too-big');
  assert.ok(!tooBig.ok && tooBig.code === 'TOOL_FAILED');
  assert.match(tooBig.message, /message too long, mtu=1500/);
  const empty = parsePing('', '');
  assert.ok(!empty.ok && empty.code === 'TOOL_OUTPUT_INVALID');
});
