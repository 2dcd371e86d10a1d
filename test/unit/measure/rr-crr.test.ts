import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rrMeasurement } from '../../../src/measure/rr.js';
import { crrMeasurement } from '../../../src/measure/crr.js';
import { fixture } from '../../helpers/paths.js';
import { context, fakeTarget, isToolCheck, result, toolCheck, TIMING } from './fake-target.js';

const rrVariant = rrMeasurement.plan({ kind: 'rr', messageSize: [64] }, TIMING)[0]!;

test('rr: sockperf server at the server end, ping-pong client at the other, its percentiles', async () => {
  const t = fakeTarget((_role, argv) =>
    isToolCheck(argv)
      ? toolCheck(argv)
      : argv[1] === 'ping-pong'
        ? result(fixture('sockperf', 'pingpong-ok.stdout'))
        : undefined,
  );
  const out = await rrVariant.run(context(t, 3));
  assert.equal(out.status, 'ok');
  assert.ok(out.status === 'ok' && out.metrics.latency_p99_us! > 0 && out.metrics.rate_per_s! > 0);
  assert.deepEqual(t.servers[0]!.argv, ['sockperf', 'server', '--tcp', '-i', '10.0.1.2', '-p', '5301']);
  const client = t.calls.find((c) => c.argv[1] === 'ping-pong')!;
  assert.equal(client.role, 'client');
  assert.ok(client.argv.includes('--full-rtt'));
  assert.deepEqual(client.argv.slice(client.argv.indexOf('-t'), client.argv.indexOf('-t') + 4), [
    '-t',
    '3',
    '-m',
    '64',
  ]);
});

test('rr: connection refused (sockperf exits 0) is a failed repetition with the raw output kept', async () => {
  const t = fakeTarget((_r, argv) =>
    isToolCheck(argv)
      ? toolCheck(argv)
      : argv[1] === 'ping-pong'
        ? result(fixture('sockperf', 'pingpong-refused.stdout'))
        : undefined,
  );
  const out = await rrVariant.run(context(t));
  assert.equal(out.status, 'failed');
  assert.ok(
    out.status === 'failed' &&
      out.error.code === 'TOOL_FAILED' &&
      /Connection refused/.test(out.error.message),
  );
  assert.ok(out.raw.some((r) => r.role === 'client' && /Connection refused/.test(r.stdout)));
});

test('rr: sockperf missing at the client: TOOL_MISSING naming the end and the package', async () => {
  const t = fakeTarget((role, argv) =>
    isToolCheck(argv) ? toolCheck(argv, role === 'client' ? ['sockperf'] : []) : undefined,
  );
  const out = await rrVariant.run(context(t));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_MISSING');
  assert.match(out.error.message, /sockperf not found at the client end/);
  assert.match(out.error.hint ?? '', /apt-get install -y sockperf/);
});

test('crr: curl batches against nginx, every transaction on a new connection, samples for merging', async () => {
  const t = fakeTarget((_r, argv) =>
    isToolCheck(argv)
      ? toolCheck(argv)
      : argv[0] === 'sh' && /curl/.test(argv[2] ?? '')
        ? result(fixture('curl', 'crr-ok.stdout'))
        : undefined,
  );
  const out = await crrMeasurement.plan({ kind: 'crr' }, TIMING)[0]!.run(context(t, 0.05));
  assert.equal(out.status, 'ok');
  assert.ok(out.status === 'ok');
  assert.equal(out.samples!.latency_us!.length, 300);
  assert.equal(out.metrics.errors, 0);
  assert.ok(out.metrics.latency_p50_us! < out.metrics.latency_p99_us!);
  assert.ok(out.metrics.rate_per_s! > 100);
  const batch = t.calls.find((c) => c.argv[0] === 'sh' && /curl/.test(c.argv[2] ?? ''))!;
  assert.match(batch.argv[2]!, /Connection: close/);
  assert.equal(batch.argv[3], 'http://10.0.1.2:5301');
  assert.equal(t.servers[0]!.argv[0], 'nginx');
});

test('crr: a server that refuses every connection fails the repetition', async () => {
  const t = fakeTarget((_r, argv) =>
    isToolCheck(argv)
      ? toolCheck(argv)
      : /curl/.test(argv[2] ?? '')
        ? result(fixture('curl', 'crr-refused.stdout'), 0, 'curl: (7) Failed to connect')
        : undefined,
  );
  const out = await crrMeasurement.plan({ kind: 'crr' }, TIMING)[0]!.run(context(t, 0.05));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_FAILED');
  assert.match(out.error.message, /no connect-request-close transaction succeeded: curl: \(7\)/);
});

test('crr: server died mid-batch: figures from the successes, failures counted as errors', async () => {
  const t = fakeTarget((_r, argv) =>
    isToolCheck(argv)
      ? toolCheck(argv)
      : /curl/.test(argv[2] ?? '')
        ? result(fixture('curl', 'crr-serverdied.stdout'))
        : undefined,
  );
  const out = await crrMeasurement.plan({ kind: 'crr' }, TIMING)[0]!.run(context(t, 0.01));
  assert.ok(out.status === 'ok');
  assert.equal(out.metrics.errors, 329);
  assert.equal(out.samples!.latency_us!.length, 271);
});
