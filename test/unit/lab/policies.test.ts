import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iptablesPolicies, nftablesPolicies, policyPeer } from '../../../src/targets/lab/policies.js';

const set = { count: 3, client: '10.124.1.2', port: 5201 };

test('the last policy allows the measured client; the others allow addresses that never send', () => {
  assert.equal(policyPeer(2, set), '10.124.1.2');
  assert.equal(policyPeer(0, set), '10.128.0.0');
  assert.equal(policyPeer(300, { ...set, count: 1000 }), '10.128.1.44');
});

test('iptables mode: established first, then a chain per policy walked in order, the client last, then drop', () => {
  const t = iptablesPolicies(set);
  const lines = t.add.split('\n');
  const est = lines.indexOf('-A cnb-pol -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  const toPolicies = lines.indexOf('-A cnb-pol -p tcp -m tcp --dport 5201 -j cnb-pol-in');
  assert.ok(est >= 0 && toPolicies > est, 'conntrack accepts established connections before any policy');
  const jumps = lines.filter((l) => /-j cnb-pi-\d+$/.test(l)).map((l) => /cnb-pi-(\d+)$/.exec(l)![1]);
  assert.deepEqual(jumps, ['0', '1', '2']);
  assert.ok(lines.includes('-A cnb-pi-2 -s 10.124.1.2/32 -j MARK --set-xmark 0x10000/0x10000'));
  assert.match(lines.filter((l) => l.startsWith('-A cnb-pol-in')).at(-1)!, /-j DROP$/);
  assert.equal(t.rules, 3 + 3 * 3 + 1 + 1);
  assert.match(t.remove, /-D INPUT -j cnb-pol\n/);
  assert.match(t.remove, /-X cnb-pi-2\n/);
});

test('nftables mode: one set of peers, one lookup; a scenario-wide set covers every TCP port', () => {
  const t = nftablesPolicies(set);
  assert.match(t.add, /elements = \{ 10\.128\.0\.0, 10\.128\.0\.1, 10\.124\.1\.2 \}/);
  assert.match(t.add, /ct state established,related accept\n\s+tcp dport 5201 ip saddr @allowed accept/);
  assert.equal(t.rules, 6);
  const all = nftablesPolicies({ count: 2, client: '10.124.1.2' });
  assert.match(all.add, /meta l4proto tcp ip saddr @allowed accept/);
  assert.equal(t.remove, 'delete table inet cnb_policy\n');
});
