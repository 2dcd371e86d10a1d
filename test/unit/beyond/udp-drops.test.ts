import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountExcess } from '../../../src/measure/udp-drops.js';
import { parseUdpSnmp } from '../../../src/tools/proc-snmp.js';
import { parseQdiscStats, qdiscDropsBetween } from '../../../src/tools/tc-qdisc.js';
import { fixture } from '../../helpers/paths.js';

// Real readings around a lab UDP test at 1 Gbit/s through the bandwidth plugin's 500 Mbit/s egress limit.
const before = parseQdiscStats(fixture('tc', 'qdisc-node-before.json'))!;
const after = parseQdiscStats(fixture('tc', 'qdisc-node-after.json'))!;

test('tc qdisc JSON: the bandwidth plugin\u2019s ifb with its tbf, and the drops between two readings', () => {
  const tbf = after.find((q) => q.kind === 'tbf')!;
  assert.match(tbf.dev, /^bwp/);
  assert.ok(tbf.packets > 10_000);
  assert.deepEqual(
    qdiscDropsBetween(before, after).map((d) => [d.kind, d.dev === tbf.dev]),
    [['tbf', true]],
  );
  assert.ok(qdiscDropsBetween(before, after)[0]!.drops > 1000);
  assert.equal(parseQdiscStats('Cannot find device "nonexist"'), undefined);
  assert.equal(parseQdiscStats('{"kind":1}'), undefined);
});

test('/proc/net/snmp: the receiver\u2019s UDP counters', () => {
  const b = parseUdpSnmp(fixture('proc', 'snmp-before.txt'))!;
  const a = parseUdpSnmp(fixture('proc', 'snmp-after.txt'))!;
  assert.ok(a.InDatagrams > b.InDatagrams);
  assert.equal(a.RcvbufErrors - b.RcvbufErrors, 0);
  assert.equal(parseUdpSnmp('Ip: Forwarding\nIp: 1\n'), undefined);
});

test('the excess of an offered rate: sent in full, dropped by the node\u2019s tbf, not by the receiver', () => {
  const snmpB = parseUdpSnmp(fixture('proc', 'snmp-before.txt'))!;
  const snmpA = parseUdpSnmp(fixture('proc', 'snmp-after.txt'))!;
  const drops = qdiscDropsBetween(before, after)[0]!.drops;
  const a = accountExcess(
    { qdiscs: [{ where: 'node1 (node)', stats: before }], receiver: snmpB },
    { qdiscs: [{ where: 'node1 (node)', stats: after }], receiver: snmpA },
    { offered: 1, sent: 0.999, received: 0.484, lost: drops - 4 },
  );
  assert.equal(a.qdisc_drops, drops);
  assert.equal(a.socket_drops, 0);
  assert.match(a.note, /the sender sent 0\.999 of 1\.000 Gbit\/s/);
  assert.match(
    a.note,
    /dropped by qdiscs \(\d+ by tbf on node1 \(node\) bwp\d+\), 0 by the receiving socket/,
  );
  const held = accountExcess(
    { qdiscs: [] },
    { qdiscs: [] },
    { offered: 1, sent: 0.3, received: 0.3, lost: 10 },
  );
  assert.match(held.note, /the sender was held back: sent 0\.300/);
  assert.match(held.note, /receiver socket drops unknown, 10 where no counter saw them/);
});
