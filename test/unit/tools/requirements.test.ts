import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingToolHint, missingTools, toolCheckArgv } from '../../../src/tools/requirements.js';

const result = (stdout: string, exitCode = 0) => ({
  exitCode,
  signal: null,
  stdout,
  stderr: '',
  durationMs: 1,
  timedOut: false,
});

test('the check names every missing program', () => {
  assert.deepEqual(toolCheckArgv(['h2load']).slice(-1), ['h2load']);
  assert.deepEqual(missingTools(['h2load', 'curl'], result('missing: h2load\n')), ['h2load']);
  assert.deepEqual(missingTools(['curl'], result('')), []);
  assert.deepEqual(missingTools(['curl'], result('', 127)), ['curl']);
});

test('the hint names the Debian package and the tools image', () => {
  const h = missingToolHint(['h2load', 'dnsperf']);
  assert.match(h, /apt-get install -y nghttp2-client dnsperf/);
  assert.match(h, /images\/tools\/Dockerfile/);
});
