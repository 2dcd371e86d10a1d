import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIGURE_FAMILIES, RUN_FAMILIES } from '../../../src/report/openmetrics.js';
import { installed, startDaemon, startPushgateway } from '../../helpers/daemon.js';
import { cli, REAL_RUN } from '../../helpers/main-io.js';
import { REPO_ROOT } from '../../helpers/paths.js';

interface Target {
  expr: string;
  datasource: { uid: string };
}
interface Dashboard {
  uid: string;
  title: string;
  templating: { list: { name: string; type: string; query: string | { query: string } }[] };
  panels: { title: string; datasource: { uid: string }; targets: Target[] }[];
}

const dashboard = JSON.parse(
  readFileSync(join(REPO_ROOT, 'deploy', 'grafana', 'cnibench-dashboard.json'), 'utf8'),
) as Dashboard;

/** The values a user picks: every target, scenario, placement and measurement; throughput. */
const PICKED: Record<string, string> = {
  target: '.*',
  scenario: '.*',
  placement: '.*',
  measurement: '.*',
  metric: 'throughput_gbps',
};
const substitute = (expr: string): string => expr.replace(/\$(\w+)/g, (_, v: string) => PICKED[v] ?? `$${v}`);
const variableQueries = (): { metric: string; label: string }[] =>
  dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => {
      const q = typeof v.query === 'string' ? v.query : v.query.query;
      const m = /^label_values\((.+), (\w+)\)$/.exec(q);
      assert.ok(m, `variable ${v.name}: ${q}`);
      return { metric: substitute(m[1]!), label: m[2]! };
    });

test('the Grafana dashboard reads only series and labels cnibench exports, through its data source variable', () => {
  assert.equal(dashboard.uid, 'cnibench');
  const families = new Set([
    ...FIGURE_FAMILIES.map((f) => f.name),
    ...Object.values(RUN_FAMILIES).map((f) => f.name),
  ]);
  const labels = new Set([
    'run',
    'target',
    'scenario',
    'placement',
    'measurement',
    'variant',
    'metric',
    'unit',
    'suite',
    'status',
    'version',
    'provenance',
    'job',
    'instance',
  ]);
  const variables = new Set(dashboard.templating.list.map((v) => v.name));
  const exprs = dashboard.panels.flatMap((p) => {
    assert.equal(p.datasource.uid, '${datasource}', p.title);
    return p.targets.map((t) => t.expr);
  });
  for (const expr of [...exprs, ...variableQueries().map((q) => q.metric)]) {
    for (const name of expr.match(/cnibench_\w+/g) ?? []) assert.ok(families.has(name), `${name} in ${expr}`);
    for (const m of expr.matchAll(/(\w+)\s*(?:=~|!=|=)\s*"/g))
      assert.ok(labels.has(m[1]!), `label ${m[1]} in ${expr}`);
    for (const m of expr.matchAll(/by \(([^)]*)\)|on \(([^)]*)\)/g))
      for (const l of (m[1] ?? m[2]!).split(',')) assert.ok(labels.has(l.trim()), `label ${l} in ${expr}`);
    for (const m of expr.matchAll(/\$(\w+)/g))
      assert.ok(variables.has(m[1]!), `variable $${m[1]} in ${expr}`);
  }
});

const skip =
  !(installed('prometheus') && installed('prometheus-pushgateway')) &&
  'prometheus and prometheus-pushgateway are not installed';

test(
  'every panel and variable of the dashboard finds data in a real Prometheus scraping a real Pushgateway',
  { skip, timeout: 180_000 },
  async () => {
    const gw = await startPushgateway();
    const dir = await mkdtemp(join(tmpdir(), 'cnb-prometheus-'));
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    static_configs:\n      - targets: ['127.0.0.1:${gw.port}']\n`,
    );
    const prom = await startDaemon(
      'prometheus',
      (port) => [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      '/-/ready',
      60_000,
    ).catch(async (e: unknown) => {
      await gw.stop();
      throw e;
    });
    const query = async (expr: string): Promise<unknown[]> => {
      const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
      assert.equal(body.status, 'success', `${expr}: ${body.error}`);
      return body.data?.result ?? [];
    };
    try {
      const pushed = await cli('report', REAL_RUN, '--push-gateway', gw.url);
      assert.equal(pushed.code, 0, pushed.err);
      const until = Date.now() + 60_000;
      while ((await query('cnibench_result_median')).length === 0) {
        assert.ok(Date.now() < until, 'Prometheus scraped no cnibench series within 60 s');
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 2000));
      for (const p of dashboard.panels) {
        for (const t of p.targets) {
          const result = await query(substitute(t.expr));
          assert.ok(result.length > 0, `panel "${p.title}": no data for ${substitute(t.expr)}`);
        }
      }
      for (const v of variableQueries()) {
        const res = await fetch(
          `${prom.url}/api/v1/label/${v.label}/values?match[]=${encodeURIComponent(v.metric)}`,
        );
        const values = ((await res.json()) as { data: string[] }).data;
        assert.ok(values.length > 0, `label_values(${v.metric}, ${v.label})`);
      }
      const share = dashboard.panels.find((p) => p.title.includes('share of the host baseline'))!;
      const ratios = (await query(substitute(share.targets[0]!.expr))) as {
        metric: Record<string, string>;
        value: [number, string];
      }[];
      const vxlan = ratios.find(
        (r) =>
          r.metric['scenario'] === 'vxlan' &&
          r.metric['placement'] === 'cross-node' &&
          r.metric['variant'] === 'streams=1',
      );
      assert.ok(vxlan !== undefined && Number(vxlan.value[1]) > 0 && Number(vxlan.value[1]) < 1.5);
    } finally {
      await prom.stop();
      await gw.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
);
