import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAB_DNS_NAME, labDnsArgv } from '../../../src/targets/lab/dns-server.js';

test('the lab DNS server has no upstream, reads no host files and answers only its records', () => {
  const argv = labDnsArgv({
    address: '10.123.0.11',
    records: { [LAB_DNS_NAME]: '10.124.1.3' },
    stateDir: '/x',
  });
  assert.equal(argv[0], 'dnsmasq');
  for (const flag of [
    '--no-resolv',
    '--no-hosts',
    '--conf-file=/dev/null',
    '--keep-in-foreground',
    '--bind-interfaces',
  ]) {
    assert.ok(argv.includes(flag), flag);
  }
  assert.ok(argv.includes('--listen-address=10.123.0.11'));
  assert.ok(argv.includes('--host-record=server.cnibench.lab,10.124.1.3'));
  assert.ok(!argv.some((a) => a.startsWith('--server')));
});

test('a lab DNS server without records is a programming error', () => {
  assert.throws(
    () => labDnsArgv({ address: '10.0.0.1', records: {}, stateDir: '/x' }),
    /at least one record/,
  );
});
