import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bottleneckNotes } from '../../src/analysis/bottleneck.js';
import { readResult } from '../../src/results/read.js';
import type { ResultDocument } from '../../src/results/schema.js';
import { namespaces, runCli } from '../helpers/cli.js';
import { rootSkip } from '../helpers/root.js';

const skip = rootSkip();

/** Runs the real CLI on a config (its own state directory, as every e2e run must) and reads the result. */
async function run(name: string, yaml: string): Promise<{ doc: ResultDocument; file: string; out: string }> {
  const out = await mkdtemp(join(tmpdir(), `cnb-beyond-${name}-`));
  const cfg = join(out, 'config.yaml');
  await writeFile(cfg, `version: 1\ntarget: lab\n${yaml}`);
  const r = await runCli(['run', '--config', cfg, '--suite', 's', '--out-dir', out], {
    env: { CNIBENCH_STATE_DIR: join(out, 'state') },
    timeoutMs: 280_000,
  });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const file = (await readdir(out)).find((f) => f.startsWith('cnibench-') && f.endsWith('.json'))!;
  const doc = await readResult(join(out, file));
  assert.deepEqual(namespaces(`cnb-${doc.run.id}`), [], 'nothing left behind');
  return { doc, file: join(out, file), out };
}

const median = (doc: ResultDocument, scenario: string, variant: string, metric: string): number | undefined =>
  doc.results
    .find((r) => r.scenario === scenario && r.variant === variant)
    ?.summaries.find((s) => s.metric === metric)?.median;

test(
  'a pod with a secondary network measures TCP over both interfaces in one run, each with its own MTU',
  { skip, timeout: 300_000 },
  async () => {
    const { doc } = await run(
      'multus',
      `scenarios:
  - { name: multus, target: lab, profile: bridge-native, secondary: { type: macvlan, mtu: 9000 } }
suites:
  s: { repeat: 2, duration: 2, warmup: 0, placements: [cross-node], networks: [primary, secondary], measurements: [{ kind: tcp, streams: [1] }] }
`,
    );
    const primary = doc.results.find((r) => r.variant === 'streams=1')!;
    const secondary = doc.results.find((r) => r.variant === 'streams=1 network=secondary')!;
    assert.equal(secondary.parameters.network, 'secondary');
    assert.match(primary.path!.serverAddress, /^10\.124\./);
    assert.match(secondary.path!.serverAddress, /^10\.126\./, 'the server pod\u2019s net1 address');
    assert.equal(primary.path!.pathMtu, 1500);
    assert.equal(secondary.path!.pathMtu, 9000);
    assert.equal(secondary.path!.client.mtu, 9000);
    for (const r of [primary, secondary]) {
      assert.equal(r.repetitions.filter((x) => x.status === 'ok').length, 2);
      assert.ok(r.summaries.find((s) => s.metric === 'throughput_gbps')!.median > 0.1);
    }
  },
);

test(
  'egress limited to 500 Mbit/s: UDP at 1 Gbit/s gets about 500 and the excess is dropped by the node\u2019s tbf; TCP link-bound at the limit',
  { skip, timeout: 300_000 },
  async () => {
    const { doc } = await run(
      'ratelimit',
      `scenarios:
  - { name: ratelimit, target: lab, profile: bridge-native, mtu: 9000, bandwidth: { egress: 500M } }
suites:
  s: { repeat: 2, duration: 3, warmup: 1, placements: [cross-node], measurements: [{ kind: tcp, streams: [1] }, { kind: udp, bitrate: [250M, 1G] }] }
`,
    );
    const got = median(doc, 'ratelimit', 'rate=1G', 'throughput_gbps')!;
    assert.ok(got > 0.4 && got < 0.55, `about 500 Mbit/s received: ${got}`);
    assert.ok(median(doc, 'ratelimit', 'rate=1G', 'sent_gbps')! > 0.9, 'the sender was not held back');
    assert.ok(median(doc, 'ratelimit', 'rate=1G', 'qdisc_drops')! > 1000, 'dropped by a qdisc');
    assert.equal(median(doc, 'ratelimit', 'rate=1G', 'socket_drops'), 0);
    const over = doc.results.find((r) => r.variant === 'rate=1G')!;
    assert.match(over.repetitions[0]!.notes.join('\n'), /by tbf on node1 \(node\) bwp[0-9a-f]+/);
    assert.ok(median(doc, 'ratelimit', 'rate=250M', 'loss_pct')! < 1, 'below the limit nothing is lost');
    assert.equal(median(doc, 'ratelimit', 'rate=250M', 'qdisc_drops'), 0);
    const tcp = bottleneckNotes(doc).find((n) => n.measurement === 'tcp' && n.kind === 'link-bound');
    assert.ok(tcp, 'TCP link-bound');
    assert.match(tcp.message, /of the pods' rate limit \(0\.500 Gbit\/s, bandwidth plugin\)/);
  },
);

test(
  'the MTU mistake: cross-node TCP significantly lower than the right MTU by compare\u2019s verdict, and the report flags the MTU',
  { skip, timeout: 300_000 },
  async () => {
    const { doc, file } = await run(
      'mtu',
      `scenarios:
  - { name: vxlan, target: lab, profile: vxlan }
  - { name: vxlan-mtu-mistake, target: lab, profile: vxlan, podMtu: 1500, pmtuBlackhole: true }
suites:
  s: { repeat: 5, duration: 2, warmup: 0, placements: [cross-node], measurements: [{ kind: tcp, streams: [1] }] }
`,
    );
    const mistake = doc.results.find((r) => r.scenario === 'vxlan-mtu-mistake')!;
    assert.equal(mistake.path!.client.mtu, 1500);
    assert.equal(mistake.path!.pathMtu, 1450, 'measured: what the overlay carries');
    const cmp = await runCli(['compare', file, '--baseline', 'vxlan', '-o', 'json'], { timeoutMs: 60_000 });
    assert.equal(cmp.code, 0, cmp.stderr);
    const verdict = (
      JSON.parse(cmp.stdout) as {
        pairs: { metrics: { metric: string; verdict: string; relPct: number }[] }[];
      }
    ).pairs[0]!.metrics.find((m) => m.metric === 'throughput_gbps')!;
    assert.equal(verdict.verdict, 'worse', JSON.stringify(verdict));
    assert.ok(verdict.relPct < -50, `collapse: ${verdict.relPct}%`);
    const report = await runCli(['report', file, '-o', 'md'], { timeoutMs: 60_000 });
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /pod MTU 1500 is larger than the measured path MTU 1450/);
  },
);
