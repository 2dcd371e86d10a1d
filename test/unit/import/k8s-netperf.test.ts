import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv } from '../../../src/import/csv.js';
import { convertK8sNetperf } from '../../../src/import/k8s-netperf.js';
import { close, importFixture, throwsCode } from './helpers.js';

test("the CSV example of k8s-netperf's docs: stream, rr and crr rows onto placements and metrics", () => {
  const f = convertK8sNetperf(importFixture('k8s-netperf', 'docs-example.csv'), 'docs.csv', {});
  assert.equal(f.tests.length, 6);
  const [tcp1024, tcp8192, udp, crr, crrSvc, rr] = f.tests;
  assert.equal(tcp1024?.placement, 'cross-node');
  assert.equal(tcp1024?.measurement, 'tcp');
  assert.equal(tcp1024?.variant, 'driver=netperf,streams=1,size=1024B');
  close(tcp1024?.metrics.throughput_gbps, 0.873606667);
  assert.ok(
    tcp1024?.notes.some((n) => /p99 latency during the stream 3\.33/.test(n)),
    'stream latency kept as a note',
  );
  assert.ok(
    tcp1024?.notes.some((n) =>
      /95% interval of the mean: 861\.9391413991156\.\.885\.2741919342178 Mb\/s/.test(n),
    ),
  );
  assert.ok(tcp1024?.notes.some((n) => /mean of 3 k8s-netperf sample\(s\) of 10 s/.test(n)));
  assert.equal(tcp8192?.variant, 'driver=netperf,streams=1,size=8192B');
  assert.equal(udp?.measurement, 'udp');
  close(udp?.metrics.throughput_gbps, 0.788903333);
  assert.equal(crr?.measurement, 'crr');
  assert.equal(crr?.metrics.rate_per_s, 2223.696667);
  assert.equal(crr?.metrics.latency_p99_us, 4682.666666666667);
  assert.equal(crrSvc?.placement, 'service');
  assert.equal(rr?.measurement, 'rr');
  assert.equal(rr?.metrics.rate_per_s, 9333.986667);
  assert.equal(rr?.metrics.latency_p99_us, 451.3333333333333);
  assert.equal(rr?.tool, 'k8s-netperf/netperf');
  assert.equal(
    rr?.raw.split('\n')[1],
    'netperf,TCP_RR,false,false,false,false,10,1,3,1024,6582.5359452538705,12085.437388079461,9333.986667,OP/s,451.3333333333333,usec',
  );
  assert.deepEqual(rr?.lines, [7, 7]);
});

test('a real result CSV of the Burst/Confidence layout (no External Server column)', () => {
  const f = convertK8sNetperf(
    importFixture('k8s-netperf', 'result-1739968774.csv'),
    'k8s-netperf/result-1739968774.csv',
    {},
  );
  assert.equal(f.runTag, '1739968774');
  assert.deepEqual(
    f.tests.map((t) => [t.placement, t.measurement, t.metrics.rate_per_s, t.metrics.latency_p99_us]),
    [
      ['cross-node', 'crr', 698.866667, 1598.6666666666667],
      ['service', 'crr', 246.566667, 1709],
    ],
  );
});

test('tests with no cnibench placement are notes, with their figures in words', () => {
  const f = convertK8sNetperf(importFixture('k8s-netperf', 'result-1768505168.csv'), 'r.csv', {});
  assert.equal(f.tests.length, 0);
  assert.match(
    f.notes.join('\n'),
    /r\.csv:2: ib_write_bw UDP_STREAM \(host network, same node.*loopback\) has no cnibench placement; not imported \(1013\.650000 Mb\/s/,
  );
  const loss = convertK8sNetperf(importFixture('k8s-netperf', 'loss-rt-result-1768505168.csv'), 'l.csv', {});
  assert.equal(loss.tests.length, 0);
  assert.match(loss.notes.join('\n'), /UDP Percent Loss 0\.000000/);
});

// The rows below are constructed in the layout of k8s-netperf's writer (not a captured run):
// they test the mapping of the rarer columns and values.
const HEADER =
  'Driver,Profile,Same node,Host Network,Service,External Server,UDN Info,Bridge Info,Duration,Parallelism,# of Samples,Message Size,Burst,Confidence metric - low,Confidence metric - high,Avg Throughput,Throughput Metric,99%tile Observed Latency,Latency Metric';

test('hostNetwork across nodes is the host placement; UDP_RR and external servers are notes; burst and parallelism name the variant', () => {
  const csv = [
    HEADER,
    'iperf3,TCP_STREAM,false,true,false,false,,,10,2,1,1024,0,0,0,2483.078229,Mb/s,0,usec',
    'netperf,TCP_RR,false,false,false,false,,,10,1,1,1024,2,0,0,17101.856667,OP/s,119.666667,usec',
    'netperf,UDP_RR,false,false,false,false,,,10,1,1,1024,0,0,0,1000,OP/s,80,usec',
    'netperf,TCP_STREAM,false,false,false,true,,,10,1,1,1024,0,0,0,900,Mb/s,0,usec',
    'uperf,TCP_STREAM,true,false,false,false,l2,,10,1,1,1024,0,0,0,900,Mb/s,0,usec',
  ].join('\n');
  const f = convertK8sNetperf(csv, 'x.csv', {});
  assert.deepEqual(
    f.tests.map((t) => [t.placement, t.measurement, t.variant]),
    [
      ['host', 'tcp', 'driver=iperf3,streams=2,size=1024B'],
      ['cross-node', 'rr', 'driver=netperf,streams=1,size=1024B,burst=2'],
      ['same-node', 'tcp', 'driver=uperf,streams=1,size=1024B,udn=l2'],
    ],
  );
  assert.match(f.notes.join('\n'), /x\.csv:4: .*UDP_RR.*no cnibench measurement/);
  assert.match(f.notes.join('\n'), /x\.csv:5: .*external server.*no cnibench placement/);
});

test('zero or NaN throughput (what k8s-netperf writes for a test without samples) is a failed test', () => {
  const csv = [
    HEADER,
    'netperf,TCP_STREAM,false,false,false,false,,,10,1,3,1024,0,0,0,0.000000,Mb/s,NaN,usec',
    'netperf,TCP_RR,false,false,false,false,,,10,1,3,1024,0,0,0,NaN,OP/s,NaN,usec',
  ].join('\n');
  const f = convertK8sNetperf(csv, 'z.csv', {});
  assert.deepEqual(
    f.tests.map((t) => [t.status, t.error?.code]),
    [
      ['failed', 'TOOL_FAILED'],
      ['failed', 'TOOL_FAILED'],
    ],
  );
  assert.match(f.tests[0]?.error?.message ?? '', /reported 0\.000000 Mb\/s/);
  assert.deepEqual(f.tests[0]?.metrics, {});
});

test('a loss-rt CSV supplements the tests of its run', () => {
  const csv = [
    'Type,' + HEADER.split(',Avg Throughput')[0] + ',Value',
    'TCP Retransmissions,netperf,TCP_STREAM,false,false,false,false,,,10,1,3,1024,0,0,0,54.666667',
  ].join('\n');
  const f = convertK8sNetperf(csv, 'loss-rt-result-42.csv', {});
  assert.equal(f.runTag, '42');
  assert.equal(f.tests[0]?.supplement, true);
  assert.deepEqual(f.tests[0]?.metrics, { retransmits: 54.666667 });
});

test('malformed CSV: IMPORT_INVALID naming file and line', () => {
  throwsCode(
    () => convertK8sNetperf(`${HEADER}\nnetperf,TCP_STREAM,false\n`, 'short.csv', {}),
    'IMPORT_INVALID',
    /^short\.csv:2: has 3 fields, the header 19/,
  );
  throwsCode(
    () => convertK8sNetperf('Driver,Profile,Samples\n', 'cols.csv', {}),
    'IMPORT_INVALID',
    /^cols\.csv:1: is not a k8s-netperf CSV: no column "Same node"/,
  );
  throwsCode(
    () => convertK8sNetperf('Role,Driver,Profile\n', 'cpu.csv', {}),
    'IMPORT_INVALID',
    /CPU or pod archive/,
  );
  const bad = `${HEADER}\nnetperf,TCP_STREAM,maybe,false,false,false,,,10,1,3,1024,0,0,0,900,Mb/s,0,usec\n`;
  throwsCode(
    () => convertK8sNetperf(bad, 'b.csv', {}),
    'IMPORT_INVALID',
    /^b\.csv:2: column "Same node" is "maybe"/,
  );
  const unit = `${HEADER}\nnetperf,TCP_STREAM,false,false,false,false,,,10,1,3,1024,0,0,0,900,Gb/s,0,usec\n`;
  throwsCode(
    () => convertK8sNetperf(unit, 'u.csv', {}),
    'IMPORT_INVALID',
    /^u\.csv:2: TCP_STREAM throughput is in "Gb\/s", expected Mb\/s/,
  );
  throwsCode(
    () => readCsv('a,"b\n', 'q.csv'),
    'IMPORT_INVALID',
    /^q\.csv:1: a quoted CSV field is not closed/,
  );
});

test('CSV fields quoted as Go writes them', () => {
  const rows = readCsv('a,"b,c","say ""hi""",\r\n\r\nx,y,z,w\n', 'q.csv');
  assert.deepEqual(
    rows.map((r) => [r.line, r.fields]),
    [
      [1, ['a', 'b,c', 'say "hi"', '']],
      [3, ['x', 'y', 'z', 'w']],
    ],
  );
});
