import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertKnb } from '../../../src/import/knb.js';
import { importFixture, throwsCode } from './helpers.js';

const text = importFixture('knb', 'knb-text.txt');

test('knb text report: pod to pod and pod to Service, TCP and UDP, bandwidth in Mbit/s', () => {
  const f = convertKnb(text, 'knb.txt', {});
  assert.deepEqual(
    f.tests.map((t) => [t.placement, t.measurement, t.variant, t.metrics.throughput_gbps]),
    [
      ['cross-node', 'tcp', 'streams=1', Number(/TCP :\n\s+bandwidth = (\d+)/.exec(text)?.[1]) / 1000],
      [
        'cross-node',
        'udp',
        'rate=unlimited',
        Number(/Pod to pod :[\s\S]*?UDP :\n\s+bandwidth = (\d+)/.exec(text)?.[1]) / 1000,
      ],
      [
        'service',
        'tcp',
        'streams=1',
        Number(/Pod to Service :\n\s+TCP :\n\s+bandwidth = (\d+)/.exec(text)?.[1]) / 1000,
      ],
      [
        'service',
        'udp',
        'rate=unlimited',
        Number(/Pod to Service :[\s\S]*?UDP :\n\s+bandwidth = (\d+)/.exec(text)?.[1]) / 1000,
      ],
    ],
  );
  assert.equal(f.environment.kubernetes, 'v1.31.4');
  assert.equal(f.environment.mtu, 1500);
  assert.equal(f.environment.clientNode, 'cnbimp-a');
  assert.match(
    f.notes.join('\n'),
    /knb\.txt:16: knb idle figures \(no cnibench metric\): client node CPU total/,
  );
  assert.ok(f.tests[0]?.notes.some((n) => /whole nodes, not iperf3's own CPU/.test(n)));
  assert.equal(
    f.tests[0]?.startedAt,
    new Date(`${/Date\s+: (\S+ \S+) UTC/.exec(text)?.[1]?.replace(' ', 'T')}Z`).toISOString(),
  );
});

test('knb json and yaml reports give the same tests as its text report', () => {
  const key = (file: string, body: string): unknown[] =>
    convertKnb(body, file, {}).tests.map((t) => [t.placement, t.measurement, t.variant, t.metrics]);
  const expected = key('t', text);
  assert.deepEqual(key('j', importFixture('knb', 'knb.json')), expected);
  assert.deepEqual(key('y', importFixture('knb', 'knb.yaml')), expected);
});

test('client and server on one node: same-node', () => {
  const one = text.replace(/Server {10}: \S+/, 'Server          : cnbimp-a');
  assert.equal(convertKnb(one, 'k.txt', {}).tests[0]?.placement, 'same-node');
});

test('a test knb could not measure (empty bandwidth) is a failed test; its broken JSON an error with the line', () => {
  const empty = text.replace(/(Pod to pod :\n\s+TCP :\n\s+bandwidth = )\d+/, '$1');
  const t = convertKnb(empty, 'k.txt', {}).tests[0];
  assert.equal(t?.status, 'failed');
  assert.match(t?.error?.message ?? '', /knb recorded bandwidth ""/);
  const json = importFixture('knb', 'knb.json').replace(
    /("pod2pod": \{\n\s+"tcp": \{\n\s+"bandwidth": )\d+/,
    '$1',
  );
  const broken = json.split('\n').findIndex((l) => /"bandwidth": ,$/.test(l)) + 1;
  assert.ok(broken > 1);
  throwsCode(
    () => convertKnb(json, 'k.json', {}),
    'IMPORT_INVALID',
    new RegExp(`^k\\.json:${broken}: is not JSON`),
  );
  throwsCode(
    () => convertKnb(text.replace('Generator       : knb', 'Generator       : other'), 'o.txt', {}),
    'IMPORT_INVALID',
    /not a knb report/,
  );
  throwsCode(
    () => convertKnb(text.replace('client ram', 'client disk'), 'd.txt', {}),
    'IMPORT_INVALID',
    /^d\.txt:20: "client disk" is not a knb figure/,
  );
});
