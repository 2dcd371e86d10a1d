import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCurlBatch, parseCurlTransfer } from '../../../src/tools/curl.js';
import { fixture } from '../../helpers/paths.js';

const transfer = (name: string): ReturnType<typeof parseCurlTransfer> =>
  parseCurlTransfer(fixture('curl', `transfer-${name}.stdout`));

test('HTTP download: timings, size and curl exit code', () => {
  const r = transfer('http');
  assert.ok(r.ok);
  assert.equal(r.value.exitCode, 0);
  assert.equal(r.value.responseCode, 200);
  assert.equal(r.value.bytes, 67108864);
  assert.equal(r.value.connectS, 0.000151);
  assert.equal(r.value.startTransferS, 0.000257);
  assert.equal(r.value.totalS, 0.026442);
  assert.equal(r.value.connects, 1);
  assert.equal(r.value.error, '');
});

test('FTP download opens two connections (control and data)', () => {
  const r = transfer('ftp');
  assert.ok(r.ok);
  assert.equal(r.value.responseCode, 226);
  assert.equal(r.value.connects, 2);
});

test('SCP download through curl (libssh2) against OpenSSH', () => {
  const r = transfer('scp');
  assert.ok(r.ok);
  assert.equal(r.value.exitCode, 0);
  assert.equal(r.value.bytes, 67108864);
});

test('failures keep curl exit code and message: refused, 404, host key mismatch, timeout, server died', () => {
  const cases: [string, number, RegExp][] = [
    ['http-refused', 7, /Couldn't connect/],
    ['http-notfound', 22, /404/],
    ['scp-badhostkey', 60, /mismatch sha256 fingerprint/],
    ['http-timeout', 28, /timed out after 3001 milliseconds with 23861592 out of 67108864/],
    ['http-serverdied', 18, /transfer closed with 42440736 bytes remaining/],
  ];
  for (const [name, exit, msg] of cases) {
    const r = transfer(name);
    assert.ok(r.ok, name);
    assert.equal(r.value.exitCode, exit, name);
    assert.match(r.value.error, msg, name);
  }
});

test('no timing line', () => {
  const r = parseCurlTransfer('curl: (6) Could not resolve host\n');
  assert.ok(!r.ok);
  assert.equal(r.code, 'TOOL_OUTPUT_INVALID');
});

test('connect-request-close batch: one line per transaction and the endpoint wall clock', () => {
  const b = parseCurlBatch(fixture('curl', 'crr-ok.stdout'));
  assert.equal(b.transactions.length, 300);
  assert.equal(b.malformed, 0);
  assert.equal(b.curlExit, 0);
  assert.ok(b.wallS! > 0 && b.wallS! < 5);
  assert.ok(b.transactions.every((t) => t.exitCode === 0 && t.responseCode === 200 && t.connects === 1));
});

test('batch against a closed port: every transaction failed with exit 7', () => {
  const b = parseCurlBatch(fixture('curl', 'crr-refused.stdout'));
  assert.equal(b.transactions.length, 5);
  assert.ok(b.transactions.every((t) => t.exitCode === 7 && t.connects === 0));
  assert.equal(b.curlExit, 7);
});

test('batch with dropped SYNs: connect timeouts (exit 28)', () => {
  const b = parseCurlBatch(fixture('curl', 'crr-timeout.stdout'));
  assert.equal(b.transactions.length, 3);
  assert.ok(b.transactions.every((t) => t.exitCode === 28 && t.totalS >= 1.9));
});

test('server killed mid-batch: successes then failures, all counted', () => {
  const b = parseCurlBatch(fixture('curl', 'crr-serverdied.stdout'));
  assert.equal(b.transactions.length, 600);
  const ok = b.transactions.filter((t) => t.exitCode === 0).length;
  assert.equal(ok, 271);
});
