import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsMeasurement } from '../../../src/measure/dns.js';
import { CnibenchError } from '../../../src/model/errors.js';
import { fixture } from '../../helpers/paths.js';
import { context, fakeTarget, isToolCheck, result, toolCheck, TIMING } from './fake-target.js';

const variant = dnsMeasurement.plan({ kind: 'dns', rate: 100, timeout: '1s' }, TIMING)[0]!;

function responder(dnsperf: string, dig = '10.0.1.2\n') {
  return (_role: 'client' | 'server', argv: readonly string[]) => {
    if (isToolCheck(argv)) return toolCheck(argv);
    if (argv[0] === 'dig') return result(dig);
    if (argv[0] === 'dnsperf') return result(fixture('dnsperf', dnsperf));
    return undefined;
  };
}

test('dnsperf against the target resolver: µs percentiles, rate, no failures', async () => {
  const t = fakeTarget(responder('ok.stdout'));
  const out = await variant.run(context(t, 2));
  assert.ok(out.status === 'ok');
  assert.equal(out.metrics.errors, 0);
  assert.ok(out.metrics.latency_p50_us! > 10 && out.metrics.latency_p50_us! < out.metrics.latency_p99_us!);
  assert.equal(out.samples!.latency_us!.length, 200);
  const call = t.calls.find((c) => c.argv[0] === 'dnsperf')!;
  assert.deepEqual(call.argv, ['dnsperf', '-s', '10.0.9.53', '-Q', '100', '-t', '1', '-v']);
  assert.equal(call.input, 'server.cnibench.lab A\n'.repeat(200));
});

test('half the queries lost when the server died: failures counted', async () => {
  const t = fakeTarget(responder('serverdied.stdout'));
  const out = await variant.run(context(t, 1));
  assert.ok(out.status === 'ok');
  assert.equal(out.metrics.errors, 50);
  assert.equal(out.metrics.failure_pct, 50);
});

test('every answer REFUSED: failed, not a latency of refusals', async () => {
  const t = fakeTarget(responder('refused.stdout'));
  const out = await variant.run(context(t, 1));
  assert.ok(out.status === 'failed');
  assert.match(out.error.message, /no query was answered with NOERROR .*20 REFUSED/);
});

test('no server: every query lost', async () => {
  const t = fakeTarget(responder('serverdown.stdout'));
  const out = await variant.run(context(t, 1));
  assert.ok(out.status === 'failed');
  assert.match(out.error.message, /20 lost/);
});

test('the name resolves to the wrong address: failed before measuring', async () => {
  const t = fakeTarget(responder('ok.stdout', '10.9.9.9\n'));
  const out = await variant.run(context(t, 1));
  assert.ok(out.status === 'failed');
  assert.match(out.error.message, /resolved to 10\.9\.9\.9, expected 10\.0\.1\.2/);
});

test('a target without a resolver: its error is the repetition error', async () => {
  const t = fakeTarget(responder('ok.stdout'), new CnibenchError('TOOL_MISSING', 'no DNS server'));
  const out = await variant.run(context(t, 1));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_MISSING');
});
