import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertIperf3Json } from '../../../src/import/iperf3-json.js';
import { parseIperf3 } from '../../../src/tools/iperf3.js';
import { importFixture, only, throwsCode } from './helpers.js';

const cross = { placement: 'cross-node' as const };

test('iperf3 -J: the figures `cnibench run` takes from the same JSON, the variant from test_start', () => {
  const text = importFixture('iperf3-json', 'tcp-1stream.json');
  const t = only(convertIperf3Json(text, 'tcp.json', cross));
  const own = parseIperf3(text);
  assert.ok(own.ok);
  assert.deepEqual(t.metrics, own.metrics);
  assert.ok((t.metrics.throughput_gbps ?? 0) > 0);
  assert.equal(t.variant, 'streams=1');
  assert.equal(t.placement, 'cross-node');
  assert.equal(t.durationMs, 3000);
  assert.match(t.startedAt ?? '', /^\d{4}-\d\d-\d\dT/);
  assert.equal(t.series[0]?.points.length, 3);
});

test('iperf3 -J -R and UDP -b 100M', () => {
  assert.equal(
    only(convertIperf3Json(importFixture('iperf3-json', 'tcp-1stream-reverse.json'), 'r.json', cross))
      .variant,
    'streams=1,reverse',
  );
  const udp = only(convertIperf3Json(importFixture('iperf3-json', 'udp-100M.json'), 'u.json', cross));
  assert.equal(udp.measurement, 'udp');
  assert.equal(udp.variant, 'rate=100M');
  assert.equal(udp.metrics.offered_gbps, 0.1);
  assert.ok(udp.metrics.loss_pct !== undefined && udp.metrics.jitter_ms !== undefined);
  const unlimited = only(
    convertIperf3Json(importFixture('..', 'iperf3', 'udp-unlimited.json'), 'x.json', cross),
  );
  assert.equal(unlimited.variant, 'rate=unlimited');
  const four = only(convertIperf3Json(importFixture('..', 'iperf3', 'tcp-4streams.json'), 'x.json', cross));
  assert.equal(four.variant, 'streams=4');
});

test('iperf3 -J of a failed run is a failed test; without test_start the hints say what it was', () => {
  const text = importFixture('iperf3-json', 'error-unable-to-connect.json');
  const t = only(convertIperf3Json(text, 'e.json', cross));
  assert.equal(t.status, 'failed');
  assert.match(t.error?.message ?? '', /unable to connect to server/);
  assert.equal(t.measurement, undefined);
  assert.equal(only(convertIperf3Json(text, 'e.json', { ...cross, measurement: 'udp' })).measurement, 'udp');
});

test('damaged or foreign JSON: IMPORT_INVALID naming the file (and the line where JSON broke)', () => {
  const text = importFixture('iperf3-json', 'tcp-1stream.json');
  const cut = text.slice(0, text.indexOf('"intervals"') + 20);
  throwsCode(
    () => convertIperf3Json(cut, 'cut.json', cross),
    'IMPORT_INVALID',
    /^cut\.json:\d+: is not JSON/,
  );
  throwsCode(
    () => convertIperf3Json('{"metadata": {}}', 'knb.json', cross),
    'IMPORT_INVALID',
    /^knb\.json: is not iperf3 -J output \(start/,
  );
  const nan = text.replace(/"bits_per_second":\s*[\d.e+]+/g, '"bits_per_second": "fast"');
  throwsCode(
    () => convertIperf3Json(nan, 'nan.json', cross),
    'IMPORT_INVALID',
    /^nan\.json: iperf3 JSON lacks an expected field/,
  );
});
