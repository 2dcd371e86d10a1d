import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertIperf3Text } from '../../../src/import/iperf3-text.js';
import { close, importFixture, mbytesToGbps, only, throwsCode } from './helpers.js';

const cross = { placement: 'cross-node' as const };

test('RKE2 article, Canal cross-node single stream (-f M): receiver 1838 MBytes/sec, 892 retransmits', () => {
  const t = only(
    convertIperf3Text(importFixture('rke2-article', 'canal-cross-node-1stream.txt'), 'canal.txt', cross),
  );
  assert.equal(t.measurement, 'tcp');
  assert.equal(t.variant, 'streams=1');
  assert.equal(t.placement, 'cross-node');
  assert.equal(t.status, 'ok');
  close(t.metrics.throughput_gbps, mbytesToGbps(1838));
  assert.equal(t.metrics.retransmits, 892);
  assert.equal(t.durationMs, 30_000);
  assert.deepEqual(t.command, ['iperf3', '-c', '10.42.1.221', '-t', '30', '-f', 'M']);
  // the article elides intervals with "...": the four it shows make the series
  assert.deepEqual(
    t.series[0]?.points.map((p) => p[0]),
    [1, 2, 3, 30],
  );
  close(t.series[0]?.points[0]?.[1], mbytesToGbps(1807));
  assert.deepEqual(t.lines, [1, 14]);
});

test('RKE2 article, Cilium cross-node single stream: 6827 MBytes/sec, 576 retransmits; +271% over Canal', () => {
  const cilium = only(
    convertIperf3Text(importFixture('rke2-article', 'cilium-cross-node-1stream.txt'), 'cilium.txt', cross),
  );
  const canal = only(
    convertIperf3Text(importFixture('rke2-article', 'canal-cross-node-1stream.txt'), 'canal.txt', cross),
  );
  close(cilium.metrics.throughput_gbps, mbytesToGbps(6827));
  assert.equal(cilium.metrics.retransmits, 576);
  const pct = ((cilium.metrics.throughput_gbps ?? 0) / (canal.metrics.throughput_gbps ?? 1) - 1) * 100;
  assert.equal(Math.round(pct), 271);
});

test('a [SUM]-only excerpt takes its stream count from the pasted command line (-P 4)', () => {
  const t = only(
    convertIperf3Text(importFixture('rke2-article', 'cilium-cross-node-4streams.txt'), 'c4.txt', cross),
  );
  assert.equal(t.variant, 'streams=4');
  assert.equal(t.parameters.streams, 4);
  close(t.metrics.throughput_gbps, mbytesToGbps(4497));
  assert.equal(t.metrics.retransmits, 1014);
});

test('a [SUM]-only excerpt without a command needs --streams', () => {
  const text = importFixture('rke2-article', 'canal-cross-node-4streams.txt').split('\n').slice(2).join('\n');
  throwsCode(
    () => convertIperf3Text(text, 'sum.txt', cross),
    'IMPORT_INVALID',
    /sum\.txt:2: has \[SUM\] lines only/,
  );
  const t = only(convertIperf3Text(text, 'sum.txt', { ...cross, streams: 4 }));
  assert.equal(t.variant, 'streams=4');
  close(t.metrics.throughput_gbps, mbytesToGbps(1800));
});

test("the article's UDP excerpts: loss from lost/total, jitter, the offered rate unknown", () => {
  const canal = only(
    convertIperf3Text(importFixture('rke2-article', 'canal-udp.txt'), 'canal-udp.txt', cross),
  );
  assert.equal(canal.measurement, 'udp');
  assert.equal(canal.variant, 'rate=unknown');
  assert.equal(canal.metrics.lost_datagrams, 32);
  assert.equal(canal.metrics.total_datagrams, 1341176);
  close(canal.metrics.loss_pct, (100 * 32) / 1341176);
  assert.equal(canal.metrics.jitter_ms, 0.004);
  close(canal.metrics.throughput_gbps, mbytesToGbps(59.6));
  assert.equal(canal.metrics.offered_gbps, undefined);
  const cilium = only(
    convertIperf3Text(importFixture('rke2-article', 'cilium-udp.txt'), 'cilium-udp.txt', {
      ...cross,
      bitrateBps: 1e9,
    }),
  );
  assert.equal(cilium.variant, 'rate=1G');
  assert.equal(cilium.metrics.loss_pct, 0);
  assert.equal(cilium.metrics.offered_gbps, 1);
});

test('captured TCP, 1 stream, default units: receiver throughput, sender retransmits, per-second series', () => {
  const text = importFixture('tcp-1stream.txt');
  const t = only(convertIperf3Text(text, 'tcp.txt', cross));
  const receiver = /([\d.]+) Gbits\/sec\s+receiver/.exec(text);
  const sender = /(\d+)\s+sender/.exec(text);
  close(t.metrics.throughput_gbps, Number(receiver?.[1]));
  assert.equal(t.metrics.retransmits, Number(sender?.[1]));
  assert.equal(t.series[0]?.points.length, 3);
  assert.equal(t.variant, 'streams=1');
});

test('captured TCP, 4 streams: the [SUM] receiver line and [SUM] intervals', () => {
  const text = importFixture('tcp-4streams.txt');
  const t = only(convertIperf3Text(text, 'tcp4.txt', cross));
  assert.equal(t.variant, 'streams=4');
  close(t.metrics.throughput_gbps, Number(/\[SUM\].* ([\d.]+) Gbits\/sec\s+receiver/.exec(text)?.[1]));
  assert.equal(t.metrics.retransmits, Number(/\[SUM\].*\s(\d+)\s+sender/.exec(text)?.[1]));
  assert.equal(t.series[0]?.points.length, 3);
});

test('-f M and -f g: MBytes/sec are binary megabytes, Gbits/sec decimal', () => {
  const m = importFixture('tcp-1stream-fM.txt');
  close(
    only(convertIperf3Text(m, 'm.txt', cross)).metrics.throughput_gbps,
    mbytesToGbps(Number(/([\d.]+) MBytes\/sec\s+receiver/.exec(m)?.[1])),
  );
  const g = importFixture('tcp-1stream-fg.txt');
  close(
    only(convertIperf3Text(g, 'g.txt', cross)).metrics.throughput_gbps,
    Number(/([\d.]+) Gbits\/sec\s+receiver/.exec(g)?.[1]),
  );
  // the UDP test ran at -b 80M: its sender line in MBytes/sec comes back as 80 Mbit/s only with 2^20-byte megabytes
  const udp = importFixture('udp-80M-fM.txt');
  const sent = Number(/([\d.]+) MBytes\/sec .*sender/.exec(udp)?.[1]);
  assert.ok(Math.abs(mbytesToGbps(sent) - 0.08) < 0.0005, `sender ${mbytesToGbps(sent)} Gbit/s`);
  const t = only(convertIperf3Text(udp, 'u.txt', { ...cross, bitrateBps: 80e6 }));
  close(t.metrics.throughput_gbps, mbytesToGbps(Number(/([\d.]+) MBytes\/sec .*receiver/.exec(udp)?.[1])));
});

test('-R: a reverse test is its own variant; retransmits from the (remote) sender line', () => {
  const text = importFixture('tcp-1stream-reverse.txt');
  const t = only(convertIperf3Text(text, 'r.txt', cross));
  assert.equal(t.variant, 'streams=1,reverse');
  assert.equal(t.parameters.reverse, true);
  assert.equal(t.metrics.retransmits, Number(/(\d+)\s+sender/.exec(text)?.[1]));
});

test("--get-server-output: the client part counts; a server's own text output reads too", () => {
  const text = importFixture('tcp-1stream-server-output.txt');
  const t = only(convertIperf3Text(text, 's.txt', cross));
  close(t.metrics.throughput_gbps, Number(/([\d.]+) Gbits\/sec\s+receiver/.exec(text)?.[1]));
  assert.equal(t.metrics.retransmits, Number(/(\d+)\s+sender/.exec(text)?.[1]));
  const server = importFixture('..', 'iperf3', 'server-text-4streams.txt');
  const s = only(convertIperf3Text(server, 'server.txt', cross));
  assert.equal(s.variant, 'streams=4');
  close(s.metrics.throughput_gbps, Number(/\[SUM\].* ([\d.]+) Gbits\/sec\s+receiver/.exec(server)?.[1]));
  assert.equal(s.metrics.retransmits, undefined, 'a server prints no retransmits');
});

test('-V: CPU of both ends, the start time and the iperf3 version', () => {
  const text = importFixture('tcp-1stream-verbose.txt');
  const f = convertIperf3Text(text, 'v.txt', cross);
  const t = only(f);
  const cpu = /local\/sender ([\d.]+)%.*remote\/receiver ([\d.]+)%/.exec(text);
  assert.equal(t.metrics.sender_cpu_pct, Number(cpu?.[1]));
  assert.equal(t.metrics.receiver_cpu_pct, Number(cpu?.[2]));
  assert.equal(t.startedAt, new Date(/^Time: (.*)$/m.exec(text)?.[1] ?? '').toISOString());
  assert.equal(f.environment.iperf3, 'iperf 3.12');
  assert.match(String(f.environment.system), /^Linux /);
});

test('captured UDP: loss, jitter and datagrams from the receiver line; the offered rate from --bitrate', () => {
  const text = importFixture('udp-100M.txt');
  const t = only(convertIperf3Text(text, 'u.txt', { ...cross, bitrateBps: 100e6 }));
  const r = /([\d.]+) Mbits\/sec\s+([\d.]+) ms\s+(\d+)\/(\d+) .*receiver/.exec(text);
  assert.equal(t.variant, 'rate=100M');
  close(t.metrics.throughput_gbps, Number(r?.[1]) / 1000);
  assert.equal(t.metrics.jitter_ms, Number(r?.[2]));
  close(t.metrics.loss_pct, (100 * Number(r?.[3])) / Number(r?.[4]));
  assert.equal(t.metrics.offered_gbps, 0.1);
});

test('captured UDP, 4 streams, and unlimited with omitted seconds', () => {
  const four = only(
    convertIperf3Text(importFixture('udp-4streams.txt'), 'u4.txt', { ...cross, bitrateBps: 50e6 }),
  );
  assert.equal(four.variant, 'rate=50M,streams=4');
  const text = importFixture('udp-unlimited-omitted.txt');
  const t = only(convertIperf3Text(text, 'uo.txt', { ...cross, bitrateBps: 0 }));
  assert.equal(t.variant, 'rate=unlimited');
  assert.equal(t.series[0]?.points.length, 3, 'the (omitted) second is left out');
  assert.ok(t.notes.some((n) => /unlimited/.test(n)));
});

test('"unable to connect" is a failed test, not an error; what it measured comes from the hints', () => {
  const text = importFixture('error-unable-to-connect.txt');
  const bare = only(convertIperf3Text(text, 'e.txt', cross));
  assert.equal(bare.status, 'failed');
  assert.equal(bare.error?.code, 'TOOL_FAILED');
  assert.match(bare.error?.message ?? '', /unable to connect to server/);
  assert.equal(bare.measurement, undefined);
  const hinted = only(convertIperf3Text(text, 'e.txt', { ...cross, measurement: 'tcp', streams: 1 }));
  assert.equal(hinted.variant, 'streams=1');
  assert.deepEqual(hinted.metrics, {});
});

test('damaged files: an error naming the file and line, never a silent zero', () => {
  const good = importFixture('tcp-1stream.txt');
  const noUnit = good.replace(/(receiver)/, 'X').replace(/Gbits\/sec(\s+X)/, '$1');
  throwsCode(
    () => convertIperf3Text(noUnit, 'cut.txt', cross),
    'IMPORT_INVALID',
    /^cut\.txt:\d+: not a line iperf3 prints/,
  );
  const nan = good.replace(/[\d.]+ Gbits\/sec(\s+receiver)/, 'nan Gbits/sec$1');
  throwsCode(
    () => convertIperf3Text(nan, 'nan.txt', cross),
    'IMPORT_INVALID',
    /^nan\.txt:10: bitrate "nan" is not a finite number/,
  );
  const cut = good.split('\n').slice(0, 8).join('\n');
  throwsCode(
    () => convertIperf3Text(cut, 'short.txt', cross),
    'IMPORT_INVALID',
    /no iperf3 receiver summary line/,
  );
  throwsCode(
    () => convertIperf3Text(`${good}\n${good}`, 'two.txt', cross),
    'IMPORT_INVALID',
    /^two\.txt:\d+: holds 2 iperf3 tests \(lines 1, \d+\)/,
  );
  const bidir = good.replace(/\[ {2}5\](\s+0\.00-)/, '[  5][TX-C]$1');
  throwsCode(() => convertIperf3Text(bidir, 'bidir.txt', cross), 'IMPORT_INVALID', /--bidir/);
});

test('flags that contradict the file are refused', () => {
  throwsCode(
    () => convertIperf3Text(importFixture('tcp-4streams.txt'), 'x.txt', { ...cross, streams: 1 }),
    'IMPORT_INVALID',
    /has 4 stream\(s\), not --streams 1/,
  );
  throwsCode(
    () => convertIperf3Text(importFixture('udp-100M.txt'), 'x.txt', { ...cross, measurement: 'tcp' }),
    'IMPORT_INVALID',
    /is a udp test, not --measurement tcp/,
  );
  const withCmd = `$ iperf3 -c 10.0.0.2 -u -b 100M\n${importFixture('udp-100M.txt')}`;
  throwsCode(
    () => convertIperf3Text(withCmd, 'x.txt', { ...cross, bitrateBps: 1e9 }),
    'IMPORT_INVALID',
    /^x\.txt:1: was run at -b 100000000 bit\/s/,
  );
  assert.equal(only(convertIperf3Text(withCmd, 'x.txt', cross)).variant, 'rate=100M');
});
