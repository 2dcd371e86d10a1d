import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figureRows } from '../../../src/report/rows.js';
import { readResult } from '../../../src/results/read.js';
import { freePort, installed, startPushgateway, type Daemon } from '../../helpers/daemon.js';
import { cli, REAL_RUN, secondRun } from '../../helpers/main-io.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (what a Pushgateway's /metrics serves). */
export function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)\{(.*)\} (\S+)$/.exec(line);
    if (m === null) continue;
    const labels: Record<string, string> = {};
    for (const l of m[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

async function gatewayMetrics(gw: Daemon): Promise<Sample[]> {
  const res = await fetch(`${gw.url}/metrics`);
  return samples(await res.text()).filter((s) => s.name.startsWith('cnibench_'));
}

const skip = !installed('prometheus-pushgateway') && 'prometheus-pushgateway is not installed';

test(
  'report --push-gateway: the figures appear on the Pushgateway, one group per scenario, replaced by the next run',
  { skip },
  async () => {
    const gw = await startPushgateway();
    try {
      const doc = await readResult(REAL_RUN);
      const pushed = await cli('report', REAL_RUN, '--push-gateway', gw.url);
      assert.equal(pushed.code, 0, pushed.err);
      assert.equal(pushed.out, '', 'a push alone prints nothing on stdout');
      assert.match(
        pushed.err,
        new RegExp(`^pushed \\d+ series in 2 group\\(s\\) to ${gw.url}/metrics/job/cnibench\\n$`),
      );
      const series = await gatewayMetrics(gw);
      const medians = series.filter((s) => s.name === 'cnibench_result_median');
      const rows = figureRows([doc]);
      assert.equal(medians.length, rows.length);
      for (const r of rows) {
        const s = medians.find(
          (m) =>
            m.labels['scenario'] === r.scenario &&
            m.labels['placement'] === r.placement &&
            m.labels['measurement'] === r.measurement &&
            m.labels['variant'] === r.variant &&
            m.labels['metric'] === r.summary.metric,
        );
        assert.ok(s, `${r.scenario} ${r.placement} ${r.measurement} ${r.variant} ${r.summary.metric}`);
        assert.equal(s.value, r.summary.median);
        assert.deepEqual(
          [s.labels['job'], s.labels['run'], s.labels['target'], s.labels['unit']],
          ['cnibench', '8ec1ui', 'lab', r.summary.unit],
        );
      }
      const info = series.filter((s) => s.name === 'cnibench_run_info');
      assert.deepEqual(info.map((s) => s.labels['scenario']).sort(), ['bridge-native', 'vxlan']);
      // A later run of the same scenarios replaces their groups.
      const again = await cli('report', await secondRun('c3run3'), '--push-gateway', gw.url);
      assert.equal(again.code, 0, again.err);
      const runs = new Set((await gatewayMetrics(gw)).map((s) => s.labels['run']));
      assert.deepEqual([...runs], ['c3run3']);
    } finally {
      await gw.stop();
    }
  },
);

test(
  '--push-gateway with a job path and grouping labels; awkward scenario names; -o renders as well',
  { skip },
  async () => {
    const gw = await startPushgateway();
    try {
      const r = await cli(
        'report',
        REAL_RUN,
        '-o',
        'csv',
        '--push-gateway',
        `${gw.url}/metrics/job/nightly/cluster/prod/`,
      );
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^run,target,scenario,/);
      const series = await gatewayMetrics(gw);
      assert.ok(series.length > 0);
      assert.ok(series.every((s) => s.labels['job'] === 'nightly' && s.labels['cluster'] === 'prod'));
      const odd = await secondRun('d4run4', 'canal/vxlan "tuned"');
      const pushed = await cli('report', odd, '--push-gateway', gw.url);
      assert.equal(pushed.code, 0, pushed.err);
      const names = new Set(
        (await gatewayMetrics(gw))
          .filter((s) => s.labels['run'] === 'd4run4')
          .map((s) => s.labels['scenario']),
      );
      assert.deepEqual([...names].sort(), ['bridge-native', 'canal/vxlan \\"tuned\\"']);
    } finally {
      await gw.stop();
    }
  },
);

test(
  'push failures: nothing listening, a path the Pushgateway refuses, a bad URL; exit codes and no stack trace',
  { skip },
  async () => {
    const closed = await freePort();
    const down = await cli('report', REAL_RUN, '--push-gateway', `http://127.0.0.1:${closed}`);
    assert.equal(down.code, 1);
    assert.match(
      down.err,
      new RegExp(
        `^error \\[PUSH_FAILED\\]: cannot reach the Pushgateway at http://127.0.0.1:${closed}/metrics/job/cnibench: `,
      ),
    );
    assert.match(down.err, /fix: check the address and that the Pushgateway runs/);
    const gw = await startPushgateway();
    try {
      const refused = await cli('report', REAL_RUN, '--push-gateway', `${gw.url}/prefix/that/does/not/exist`);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /error \[PUSH_FAILED\]: the Pushgateway at .* answered 404/);
    } finally {
      await gw.stop();
    }
    const bad = await cli('report', REAL_RUN, '--push-gateway', 'pushgateway:9091');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--push-gateway "pushgateway:9091": only http and https are supported/);
    const run = await cli('run', '--push-gateway', 'not a url');
    assert.equal(run.code, 2, 'run checks the URL before it measures');
    assert.match(run.err, /--push-gateway "not a url" is not a URL/);
    for (const r of [down, bad, run]) assert.doesNotMatch(r.err, /at .*\.js:\d+/);
  },
);
