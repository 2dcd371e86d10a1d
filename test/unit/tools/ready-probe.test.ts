import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReadyProbe, readyProbeArgv } from '../../../src/tools/ready-probe.js';
import { fixture } from '../../helpers/paths.js';

test('the connection probe: a pod that connected at the third attempt (real lab output)', () => {
  const r = parseReadyProbe(fixture('ready-probe', 'ok.txt'));
  assert.ok(r.ok);
  assert.equal(r.value.attempts, 3);
  assert.ok(Math.abs(r.value.okAtMs - 1796207080443.683) < 0.01);
});

test('the connection probe: a pod held 500 ms after CNI ADD needed seven attempts (real lab output)', () => {
  const r = parseReadyProbe(fixture('ready-probe', 'held-500ms.txt'));
  assert.ok(r.ok);
  assert.equal(r.value.attempts, 7);
});

test('the connection probe: no connection in the attempts allowed is a tool failure', () => {
  const r = parseReadyProbe(fixture('ready-probe', 'unreachable.txt'));
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_FAILED');
  assert.match(r.message, /no connection in 3 attempts/);
});

test('the connection probe: output without a result line says so', () => {
  const r = parseReadyProbe('sh: curl: not found\n');
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_OUTPUT_INVALID');
  assert.match(r.message, /curl: not found/);
});

test('the probe argv passes the URL and the attempts as arguments, never inside the script', () => {
  const argv = readyProbeArgv('http://10.124.2.2:8080/', 40);
  assert.deepEqual(argv.slice(0, 2), ['sh', '-c']);
  assert.deepEqual(argv.slice(3), ['http://10.124.2.2:8080/', '40']);
  assert.doesNotMatch(argv[2]!, /10\.124/);
});
