import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { readResult } from '../../src/results/read.js';
import { isAlive, type LabState } from '../../src/targets/lab/state.js';
import { namespaces, pidsOf, runCli, startCli, waitFor } from '../helpers/cli.js';
import { rootSkip } from '../helpers/root.js';

const skip = rootSkip();
const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'cnb-e2e-'));
const resultFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));

test(
  'a lab run measures TCP and UDP over the real datapath, writes a result and leaves nothing behind',
  { skip, timeout: 180_000 },
  async () => {
    const out = await tmp();
    const cfg = join(out, 'tcp-udp.yaml');
    writeFileSync(
      cfg,
      'suites:\n  tcpudp:\n    repeat: 2\n    duration: 1\n    warmup: 0\n    placements: [same-node, cross-node, host]\n    measurements:\n      - { kind: tcp, streams: [1, 4] }\n      - { kind: udp, bitrate: [1G] }\n',
    );
    const iperfBefore = new Set(pidsOf('iperf3'));
    const r = await runCli(
      [
        'run',
        '--target',
        'lab',
        '--config',
        cfg,
        '--suite',
        'tcpudp',
        '--scenario',
        'vxlan',
        '--repeat',
        '2',
        '--out-dir',
        out,
        '-o',
        'csv',
      ],
      { timeoutMs: 170_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    const runId = /run (\w+):/.exec(r.stderr)![1]!;
    assert.equal(r.stdout.split('\n')[0], CSV_COLUMNS.join(','), 'CSV starts with the SPEC columns');
    const file = resultFiles(out).find((f) => f.includes('cnibench-'));
    const doc = await readResult(file!);
    assert.equal(doc.run.status, 'complete');
    assert.equal(doc.scenarios[0]!.environment.pod_mtu, 1450, 'VXLAN leaves 50 bytes');
    for (const placement of ['same-node', 'cross-node', 'host']) {
      for (const variant of ['streams=1', 'streams=4', 'rate=1G']) {
        const m = doc.results.find((x) => x.placement === placement && x.variant === variant);
        assert.ok(m, `${placement} ${variant} measured`);
        assert.equal(m.repetitions.length, 2);
        const t = m.summaries.find((s) => s.metric === 'throughput_gbps');
        assert.ok(t && t.median > 0.01, `${placement} ${variant} carried traffic`);
        assert.ok(
          m.repetitions[0]!.raw.some((x) => x.role === 'client' && x.stdout.includes('"end"')),
          'raw iperf3 JSON kept',
        );
      }
    }
    const cross = doc.results.find((x) => x.placement === 'cross-node')!;
    assert.equal(cross.path?.pathMtu, 1450);
    assert.equal(
      doc.results.find((x) => x.placement === 'host')!.path?.pathMtu,
      1500,
      'the host baseline is not encapsulated',
    );
    assert.deepEqual(namespaces(`cnb-${runId}`), []);
    assert.deepEqual(
      pidsOf('iperf3').filter((p) => !iperfBefore.has(p)),
      [],
      'no iperf3 left running',
    );
    const csv = await runCli(['report', file!, '-o', 'csv']);
    assert.equal(csv.code, 0);
    assert.ok(csv.stdout.includes(`${runId},lab,vxlan,cross-node,tcp,streams=1,throughput_gbps,Gbit/s,2,`));
  },
);

test(
  'Ctrl-C in the middle of a measurement cleans up, saves what was measured and exits 130',
  { skip, timeout: 120_000 },
  async () => {
    const out = await tmp();
    const iperfBefore = new Set(pidsOf('iperf3'));
    const run = startCli([
      'run',
      '--target',
      'lab',
      '--suite',
      'quick',
      '--scenario',
      'bridge-native',
      '--duration',
      '3',
      '--repeat',
      '3',
      '--out-dir',
      out,
    ]);
    const runId = (await waitFor(run.stderr, /run (\w+):/, 30_000))[1]!;
    await waitFor(run.stderr, /\[2\/\d+\] bridge-native same-node tcp streams=1 rep 2\/3: /, 60_000);
    await new Promise((r) => setTimeout(r, 1000)); // inside repetition 3
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    assert.equal(code, 130, run.stderr());
    const [file] = resultFiles(out);
    const doc = await readResult(file!);
    assert.equal(doc.run.status, 'interrupted');
    assert.equal(
      doc.results[0]!.repetitions.length,
      2,
      'the two finished repetitions are kept, the interrupted one is not',
    );
    assert.deepEqual(namespaces(`cnb-${runId}`), []);
    assert.deepEqual(
      pidsOf('iperf3').filter((p) => !iperfBefore.has(p)),
      [],
    );
  },
);

test(
  'after kill -9, `cnibench cleanup` removes namespaces and processes; the partial result survives',
  { skip, timeout: 120_000 },
  async () => {
    const out = await tmp();
    const stateDir = await tmp();
    const env = { CNIBENCH_STATE_DIR: stateDir };
    const run = startCli(
      [
        'run',
        '--target',
        'lab',
        '--suite',
        'quick',
        '--scenario',
        'ptp-native',
        '--duration',
        '3',
        '--out-dir',
        out,
      ],
      env,
    );
    const runId = (await waitFor(run.stderr, /run (\w+):/, 30_000))[1]!;
    await waitFor(run.stderr, /\[1\/\d+\] .*: \d/, 60_000);
    await new Promise((r) => setTimeout(r, 1000)); // a server of repetition 2 is running
    const state = JSON.parse(readFileSync(join(stateDir, `lab-${runId}.json`), 'utf8')) as LabState;
    run.child.kill('SIGKILL');
    await run.exit;
    assert.ok(namespaces(`cnb-${runId}`).length >= 5, 'the killed run left its namespaces');
    const partial = resultFiles(out).find((f) => f.endsWith('.partial.json'));
    assert.ok(partial, 'a partial result file exists');
    const doc = await readResult(partial);
    assert.equal(doc.results[0]!.repetitions.length, 1, 'the finished repetition was saved before the crash');
    const clean = await runCli(['cleanup'], { env });
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /removed \d+ item\(s\): .*namespace cnb-/);
    assert.deepEqual(namespaces(`cnb-${runId}`), []);
    for (const p of state.processes)
      assert.equal(
        isAlive(p),
        false,
        `server ${p.pid} (${p.what}) stopped (a zombie awaiting init counts as stopped)`,
      );
    assert.equal(existsSync(join(stateDir, `lab-${runId}.json`)), false, 'state file removed');
    const again = await runCli(['cleanup'], { env });
    assert.equal(again.code, 0);
    assert.match(again.stdout, /removed 0 item/);
  },
);

test('doctor and profiles report this kernel', { skip, timeout: 60_000 }, async () => {
  const d = await runCli(['doctor']);
  assert.equal(d.code, 0, d.stdout + d.stderr);
  assert.match(d.stdout, /ok\s+kernel vxlan/);
  const p = await runCli(['profiles', '--json']);
  const list = JSON.parse(p.stdout) as { name: string; supported: boolean; reason: string }[];
  // This project's CI kernel has all four; other kernels must say why one is missing.
  for (const p of list) assert.ok(p.supported || p.reason.length > 0, `${p.name}: ${p.reason}`);
  assert.deepEqual(
    list.map((x) => x.name),
    ['bridge-native', 'ptp-native', 'vxlan', 'ebpf'],
  );
  assert.deepEqual(namespaces('cnb-probe-'), [], 'the feature probe namespace is removed');
});

test(
  'services: the lab programs N Services in iptables and nftables mode and measures the last one',
  { skip, timeout: 120_000 },
  async () => {
    const out = await tmp();
    const cfg = join(out, 'svc.yaml');
    writeFileSync(
      cfg,
      'suites:\n  s:\n    repeat: 1\n    duration: 1\n    warmup: 0\n    placements: [cross-node, host]\n    measurements:\n      - { kind: services, counts: [3], modes: [iptables, nftables] }\n',
    );
    const r = await runCli(
      ['run', '--config', cfg, '--suite', 's', '--scenario', 'bridge-native', '--out-dir', out, '-o', 'none'],
      { timeoutMs: 110_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    const doc = await readResult(resultFiles(out).find((f) => !f.endsWith('svc.yaml'))!);
    assert.deepEqual(
      doc.results.map((x) => [x.placement, x.variant]),
      [
        ['cross-node', 'services=3,mode=iptables'],
        ['cross-node', 'services=3,mode=nftables'],
      ],
      'services runs only on its own placements (default cross-node)',
    );
    const rules = (v: string): number | undefined =>
      doc.results.find((x) => x.variant === v)!.repetitions[0]!.metrics.service_rules;
    assert.equal(
      rules('services=3,mode=iptables'),
      10,
      'a match, a service and an endpoint rule per Service, and the jump',
    );
    assert.equal(rules('services=3,mode=nftables'), 4);
    for (const m of doc.results)
      assert.ok(m.summaries.find((s) => s.metric === 'latency_p50_us')!.median > 0);
  },
);
