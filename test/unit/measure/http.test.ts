import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpMeasurement } from '../../../src/measure/http.js';
import { connectionPacing, h2loadArgs } from '../../../src/measure/http-figures.js';
import { fixture } from '../../helpers/paths.js';
import {
  context,
  fakeTarget,
  isToolCheck,
  result,
  toolCheck,
  type Responder,
  TIMING,
} from './fake-target.js';

const spec = {
  kind: 'http' as const,
  rate: [1000],
  maxRate: true,
  connection: ['keep-alive', 'close'] as ('keep-alive' | 'close')[],
  clients: 10,
};

function h2loadResponder(name: string, missing: string[] = []): Responder {
  return (role, argv) => {
    if (isToolCheck(argv)) return toolCheck(argv, role === 'client' ? missing : []);
    if (argv[0] === 'h2load') return result(fixture('h2load', `${name}.stdout`));
    if (argv[0] === 'cat' && String(argv[1]).endsWith('h2load.log'))
      return result(fixture('h2load', `${name}.log`));
    return undefined;
  };
}

test('variants: each rate and the maximum, for keep-alive and Connection: close', () => {
  assert.deepEqual(
    httpMeasurement.plan(spec, TIMING).map((v) => v.name),
    [
      'rate=1000/s,connection=keep-alive',
      'rate=max,connection=keep-alive',
      'rate=1000/s,connection=close',
      'rate=max,connection=close',
    ],
  );
});

test('h2load arguments: --rps per connection for keep-alive, --rate pacing of new connections for close', () => {
  const plan = { rate: 1000, connection: 'keep-alive' as const, clients: 10, durationS: 10, warmupS: 2 };
  assert.deepEqual(h2loadArgs(plan), [
    '--h1',
    '-N',
    '10s',
    '--rate',
    '1',
    '--rate-period',
    '1ms',
    '-c',
    '10',
    '--rps',
    '100',
    '-n',
    '12000',
  ]);
  // no client sends more than 100/s (h2load's --rps ticks every 10 ms)
  assert.deepEqual(h2loadArgs({ ...plan, rate: 5000 }).slice(3, 11), [
    '--rate',
    '5',
    '--rate-period',
    '1ms',
    '-c',
    '50',
    '--rps',
    '100',
  ]);
  assert.deepEqual(h2loadArgs({ ...plan, rate: 'max' }), [
    '--h1',
    '-N',
    '10s',
    '-c',
    '10',
    '-D',
    '10000ms',
    '--warm-up-time',
    '2000ms',
  ]);
  const close = h2loadArgs({ ...plan, connection: 'close' });
  assert.deepEqual(close.slice(3), [
    '-H',
    'Connection: close',
    '--rate',
    '1',
    '--rate-period',
    '1ms',
    '-c',
    '12000',
    '-n',
    '12000',
  ]);
  assert.deepEqual(connectionPacing(250), { perPeriod: 1, periodMs: 4 });
  assert.deepEqual(connectionPacing(5000), { perPeriod: 5, periodMs: 1 });
});

test('keep-alive at 1000/s: percentiles from every request after the warm-up, achieved and offered rate', async () => {
  const t = fakeTarget(h2loadResponder('keepalive-rate1000'));
  const v = httpMeasurement.plan(spec, TIMING)[0]!;
  const out = await v.run(context(t, 3, 1));
  assert.ok(out.status === 'ok');
  const n = out.samples!.latency_us!.length;
  assert.ok(n > 2950 && n <= 3010, `${n} of 4000 requests after a 1 s warm-up`);
  assert.equal(out.metrics.offered_rate_per_s, 1000);
  assert.ok(Math.abs(out.metrics.rate_per_s! - 1000) < 20);
  assert.equal(out.metrics.errors, 0);
  assert.ok(
    out.metrics.latency_p50_us! <= out.metrics.latency_p90_us! &&
      out.metrics.latency_p90_us! <= out.metrics.latency_p99_us!,
  );
  assert.equal(t.servers[0]!.argv[0], 'nginx');
});

test('Connection: close at 1000/s: warm-up requests left out of the figures', async () => {
  const t = fakeTarget(h2loadResponder('close-rate1000'));
  const v = httpMeasurement.plan(spec, TIMING)[2]!;
  const out = await v.run(context(t, 2, 1));
  assert.ok(out.status === 'ok');
  const n = out.samples!.latency_us!.length;
  assert.ok(n > 1500 && n < 2500, `${n} requests after a 1 s warm-up of a 3 s run`);
});

test('maximum rate, keep-alive: the achieved rate is reported, no offered rate', async () => {
  const t = fakeTarget(h2loadResponder('keepalive-max'));
  const out = await httpMeasurement.plan(spec, TIMING)[1]!.run(context(t, 3, 1));
  assert.ok(out.status === 'ok');
  assert.equal(out.metrics.offered_rate_per_s, undefined);
  // the saved log is cut to its first 3000 rows: 3000 requests over the 3 s main duration
  assert.equal(out.metrics.rate_per_s, 1000);
});

test('server refusing connections: failed, with h2load counters in the message', async () => {
  const t = fakeTarget(h2loadResponder('close-refused'));
  const out = await httpMeasurement.plan(spec, TIMING)[2]!.run(context(t, 1));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_FAILED');
  assert.match(out.error.message, /no HTTP request succeeded \(500 total, 500 failed/);
});

test('server died mid-run: the rate asked for was not reached, so no latency "at 1000/s"', async () => {
  const t = fakeTarget(h2loadResponder('serverdied'));
  const out = await httpMeasurement.plan(spec, TIMING)[0]!.run(context(t, 3, 1));
  assert.ok(out.status === 'failed');
  assert.match(out.error.message, /achieved \d+ requests\/s of the 1000\/s/);
});

test('h2load killed before its summary: failed with the exit described', async () => {
  const t = fakeTarget((role, argv) =>
    isToolCheck(argv)
      ? toolCheck(argv)
      : argv[0] === 'h2load'
        ? {
            ...result(fixture('h2load', 'stalled.stdout')),
            exitCode: null,
            signal: 'SIGTERM',
            timedOut: true,
          }
        : undefined,
  );
  const out = await httpMeasurement.plan(spec, TIMING)[0]!.run(context(t, 2, 1));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_OUTPUT_INVALID');
  assert.match(out.error.message, /timed out/);
});

test('h2load missing at the client (e.g. the minimal test-cluster image): clear TOOL_MISSING, never a zero', async () => {
  const t = fakeTarget(h2loadResponder('keepalive-rate1000', ['h2load']));
  const out = await httpMeasurement.plan(spec, TIMING)[0]!.run(context(t, 1));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_MISSING');
  assert.match(out.error.message, /h2load not found at the client end \(node1\/pod-a\)/);
  assert.match(out.error.hint ?? '', /nghttp2-client/);
  assert.match(out.error.hint ?? '', /images\/tools\/Dockerfile/);
  assert.ok(!t.calls.some((c) => c.argv[0] === 'h2load'));
});
