import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iptablesRules, nftablesRules, serviceVip } from '../../../src/targets/lab/services.js';

test('iptables mode: a match rule per Service, the measured one last, DNAT to the real backend', () => {
  const r = iptablesRules({ count: 3, backend: '10.124.2.2', port: 8080 });
  assert.equal(r.rules, 10);
  const lines = r.add.split('\n');
  assert.equal(lines[0], '*nat');
  const matches = lines.filter((l) => l.startsWith('-A CNB-SERVICES'));
  assert.deepEqual(
    matches.map((l) => l.split(' ')[3]),
    ['10.126.0.0/32', '10.126.0.1/32', '10.126.0.2/32'],
  );
  assert.ok(lines.includes('-A CNB-SEP-2 -p tcp -m tcp -j DNAT --to-destination 10.124.2.2:8080'));
  assert.ok(lines.includes('-A CNB-SEP-0 -p tcp -m tcp -j DNAT --to-destination 10.127.0.0:8080'));
  assert.ok(r.remove.includes('-D PREROUTING -j CNB-SERVICES') && r.remove.includes('-X CNB-SEP-2'));
});

test('nftables mode: one verdict map, so the lookup does not grow with the count', () => {
  const r = nftablesRules({ count: 2, backend: '10.124.2.2', port: 8080 });
  assert.equal(r.rules, 3);
  assert.match(
    r.add,
    /elements = \{ 10\.126\.0\.0 \. 8080 : goto svc-0, 10\.126\.0\.1 \. 8080 : goto svc-1 \}/,
  );
  assert.match(r.add, /ip daddr \. tcp dport vmap @services/);
  assert.match(r.add, /chain svc-1 \{\n\s+meta l4proto tcp dnat to 10\.124\.2\.2:8080/);
  assert.equal(r.remove, 'delete table ip cnb_services\n');
});

test('service addresses stay inside 10.126.0.0/16 up to 65536 Services', () => {
  assert.equal(serviceVip(0), '10.126.0.0');
  assert.equal(serviceVip(4999), '10.126.19.135');
  assert.equal(serviceVip(65535), '10.126.255.255');
});
