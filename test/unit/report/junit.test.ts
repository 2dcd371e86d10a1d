import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunit, xmlEscape } from '../../../src/report/junit.js';
import { rendererFor } from '../../../src/report/index.js';
import { makeResultDoc } from '../../helpers/result-fixture.js';
import { matchSnapshot } from '../../helpers/snapshot.js';

const doc = makeResultDoc({
  runId: 'run-7',
  scenarios: [{ name: 'bridge-native' }, { name: 'vxlan"<&>' }],
  results: [
    { scenario: 'bridge-native', metrics: { throughput_gbps: [9.1, 9.3, 9.2], retransmits: [0, 1, 0] } },
    {
      scenario: 'vxlan"<&>',
      measurement: 'udp',
      variant: 'bitrate=1G',
      metrics: { throughput_gbps: [0.9, 0.95, 0.94], loss_pct: [1, 2, 1.5] },
      failed: [1],
    },
  ],
  failures: [
    {
      scenario: 'vxlan"<&>',
      placement: 'cross-node',
      measurement: 'udp',
      variant: 'bitrate=1G',
      repetition: 2,
      error: { code: 'TOOL_FAILED', message: 'iperf3: error - unable to connect\u0007 <here>' },
    },
    {
      scenario: 'vxlan"<&>',
      placement: 'service',
      error: { code: 'NOT_REACHABLE', message: 'no route', hint: 'check the fabric' },
    },
  ],
});

test('JUnit XML: a test case per measurement, failures as failures, everything escaped', () => {
  const xml = renderJunit([doc]);
  assert.match(xml, /<testsuites name="cnibench" tests="3" failures="2" errors="0">/);
  assert.match(xml, /<testsuite name="run-7\/bridge-native" tests="1" failures="0"/);
  assert.match(xml, /<testsuite name="run-7\/vxlan&quot;&lt;&amp;&gt;" tests="2" failures="2"/);
  assert.match(
    xml,
    /<testcase classname="cnibench.vxlan&quot;&lt;&amp;&gt;.service" name="service path setup" time="0.000">/,
  );
  assert.match(
    xml,
    /<failure type="TOOL_FAILED" message="1 of 3 repetitions failed \(2 ok\)">TOOL_FAILED: repetition 2: iperf3: error - unable to connect &lt;here&gt;<\/failure>/,
  );
  assert.match(xml, /throughput_gbps = 9.200 Gbit\/s \(n=3, range 9.100..9.300, 75% CI 9.100..9.300\)/);
  assert.ok(!xml.includes('\u0007'));
  assert.equal(rendererFor('junit')([doc], { color: false }), xml);
  matchSnapshot('report/junit.xml', xml);
});

test('xmlEscape drops characters XML cannot carry', () => {
  assert.equal(xmlEscape('a\u0000b\tc<"\''), 'ab\tc&lt;&quot;&apos;');
});
