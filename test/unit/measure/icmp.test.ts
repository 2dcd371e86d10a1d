import { test } from 'node:test';
import assert from 'node:assert/strict';
import { icmpMeasurement } from '../../../src/measure/icmp.js';
import { fixture } from '../../helpers/paths.js';
import { context, fakeTarget, isToolCheck, result, TIMING, toolCheck } from './fake-target.js';

const variant = icmpMeasurement.plan({ kind: 'icmp' }, TIMING)[0]!;

function responder(name: string, exitCode = 0) {
  return (_role: 'client' | 'server', argv: readonly string[]) =>
    isToolCheck(argv)
      ? toolCheck(argv)
      : argv[0] === 'ping'
        ? result(fixture('ping', `${name}.stdout`), exitCode, fixture('ping', `${name}.stderr`))
        : undefined;
}

test('icmp: ping from the client to the server address; RTT percentiles from the replies after the warm-up', async () => {
  const t = fakeTarget(responder('ok'));
  const out = await variant.run(context(t, 2, 1));
  assert.ok(out.status === 'ok');
  const ping = t.calls.find((c) => c.argv[0] === 'ping')!;
  assert.equal(ping.role, 'client');
  assert.deepEqual(ping.argv, ['ping', '-n', '-i', '0.01', '-W', '1', '-w', '3', '-s', '56', '10.0.1.2']);
  const replies = fixture('ping', 'ok.stdout')
    .split('\n')
    .filter((l) => l.includes('time=')).length;
  assert.equal(out.samples!.latency_us!.length, replies - 100, 'the first second (100 replies) is warm-up');
  assert.ok(out.metrics.latency_p50_us! > 10 && out.metrics.latency_p50_us! <= out.metrics.latency_p99_us!);
  assert.equal(out.metrics.loss_pct, 0);
});

test('icmp: loss is reported with the RTTs', async () => {
  const out = await variant.run(context(fakeTarget(responder('loss-25pct'))));
  assert.ok(out.status === 'ok');
  assert.ok(Math.abs(out.metrics.loss_pct! - 25.27) < 0.01);
});

test('icmp: no reply at all is a failed repetition with the raw output kept', async () => {
  const out = await variant.run(context(fakeTarget(responder('unreachable-host', 1))));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_FAILED');
  assert.match(out.error.message, /100% loss.*exit code 1/);
  assert.ok(out.raw.some((r) => r.role === 'client' && r.stdout.includes('packets transmitted')));
});

test('icmp: ping missing at the client is TOOL_MISSING with its package', async () => {
  const t = fakeTarget((_r, argv) => (isToolCheck(argv) ? toolCheck(argv, ['ping']) : undefined));
  const out = await variant.run(context(t));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_MISSING');
  assert.match(out.error.hint ?? '', /iputils-ping/);
});
