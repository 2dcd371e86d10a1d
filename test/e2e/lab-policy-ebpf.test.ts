import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../src/exec/runner.js';
import { readResult } from '../../src/results/read.js';
import type { MetricComparison } from '../../src/compare/types.js';
import { compareJson, metricOf, runSuiteIn } from '../helpers/suite-run.js';
import { installPolicies } from '../../src/targets/lab/policies.js';
import { rootSkip } from '../helpers/root.js';

const skip = rootSkip();
const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'cnb-e2e-ebpfpol-'));

const run = async (config: string, timeoutMs: number): Promise<string> =>
  runSuiteIn(await tmp(), config, timeoutMs);

const crrP50 = async (file: string, baseline: string, candidate: string): Promise<MetricComparison> =>
  metricOf(await compareJson(file, baseline), candidate, 'crr', 'latency_p50_us');

test(
  'policy mode ebpf: crr with 1000 policies costs about what it costs with 10 (one map lookup); iptables grows',
  { skip, timeout: 600_000 },
  async () => {
    // one run (one comparison, one false-discovery family) per mode, its two scenarios interleaved
    const scenario = (name: string, count: number, mode: string): string =>
      `  - { name: ${name}, target: lab, profile: bridge-native, policies: { count: ${count}, mode: ${mode} } }\n`;
    const suite =
      'suites:\n  s:\n    repeat: 10\n    duration: 1\n    warmup: 0\n    placements: [cross-node]\n' +
      '    measurements:\n      - { kind: crr }\n';
    const runMode = (mode: string, prefix: string): Promise<string> =>
      run(
        `scenarios:\n${scenario(`${prefix}-10`, 10, mode)}${scenario(`${prefix}-1000`, 1000, mode)}${suite}`,
        280_000,
      );
    const ebpfFile = await runMode('ebpf', 'ebpf');
    const iptFile = await runMode('iptables', 'ipt');
    const env = (await readResult(ebpfFile)).scenarios.find((x) => x.name === 'ebpf-1000')!.environment;
    assert.equal(env.policy_mode, 'ebpf');
    assert.equal(env.policy_rules, 1001, 'the program and one map entry per policy');
    const ipt = await crrP50(iptFile, 'ipt-10', 'ipt-1000');
    const ebpf = await crrP50(ebpfFile, 'ebpf-10', 'ebpf-1000');
    // The physics, not the absence of significance (a 5% false-discovery rate fails one run in
    // twenty on a flat metric): the chain walk of 1000 iptables policies costs a new connection
    // far more than one hash lookup does, whatever the noise of a shared machine.
    const iptGrowth = ipt.relPct ?? 0;
    const ebpfGrowth = ebpf.relPct ?? 0;
    assert.ok(iptGrowth > 15, `iptables crr p50 grows by more than 15%: ${iptGrowth}%`);
    assert.ok(
      ebpfGrowth < iptGrowth / 2,
      `ebpf crr p50 grows less than half as much as iptables: ${ebpfGrowth}% vs ${iptGrowth}%, ${ebpf.verdict}: ${ebpf.reason}`,
    );
    console.log(
      `crr p50 us 10 -> 1000 policies: iptables ${ipt.baseline.median} -> ${ipt.candidate.median} (${iptGrowth}%, ${ipt.verdict}); ` +
        `ebpf ${ebpf.baseline.median} -> ${ebpf.candidate.median} (${ebpfGrowth}%, ${ebpf.verdict})`,
    );
  },
);

function sh(argv: string[]): { code: number | null; out: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 15_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Whether a TCP connection from the client namespace to the server's port opens within 2 s. */
function connects(ns: string, port: number): boolean {
  return sh(['ip', 'netns', 'exec', ns, 'nc', '-z', '-w', '2', '192.0.2.2', String(port)]).code === 0;
}

test(
  'policy mode ebpf enforces: a SYN from a peer not in the map is dropped; the map goes with the program',
  { skip, timeout: 120_000 },
  async () => {
    // two namespaces of this test's own, joined by one veth pair: nothing in the root namespace
    const id = randomBytes(3).toString('hex');
    const [srv, cli] = [`cnb-e2epol-${id}-srv`, `cnb-e2epol-${id}-cli`];
    const server = { pid: 0 };
    try {
      for (const ns of [srv, cli]) assert.equal(sh(['ip', 'netns', 'add', ns]).code, 0);
      const setup = [
        ['ip', '-n', srv, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', cli],
        ['ip', '-n', srv, 'addr', 'add', '192.0.2.2/24', 'dev', 'eth0'],
        ['ip', '-n', cli, 'addr', 'add', '192.0.2.1/24', 'dev', 'eth0'],
        ['ip', '-n', srv, 'link', 'set', 'eth0', 'up'],
        ['ip', '-n', cli, 'link', 'set', 'eth0', 'up'],
      ];
      for (const argv of setup) assert.equal(sh(argv).code, 0, argv.join(' '));
      const listen =
        'for (const p of [8080, 8081]) require("net").createServer((s) => s.end()).listen(p, "192.0.2.2")';
      const child = spawn('ip', ['netns', 'exec', srv, process.execPath, '-e', listen], { stdio: 'ignore' });
      server.pid = child.pid ?? 0;
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(connects(cli, 8080), 'no policy: the connection opens');

      const run = runCommand;
      const other = await installPolicies(run, srv, 'ebpf', { count: 1, client: '192.0.2.77', port: 8080 });
      const mapId = /^(\d+): hash\s+name cnb_allowed/m.exec(sh(['bpftool', 'map', 'show']).out)?.[1];
      assert.ok(mapId !== undefined, 'the map of allowed peers exists');
      assert.equal(connects(cli, 8080), false, 'only another peer allowed: the SYN is dropped');
      assert.ok(connects(cli, 8081), 'a port the policies do not cover is open');
      assert.equal(
        sh(['ip', 'netns', 'exec', cli, 'ping', '-c', '1', '-W', '2', '192.0.2.2']).code,
        0,
        'ICMP passes',
      );
      await other.remove();
      // the kernel frees a map after a grace period: wait for it, a little
      for (let i = 0; i < 20 && sh(['bpftool', 'map', 'show', 'id', mapId]).code === 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      assert.notEqual(sh(['bpftool', 'map', 'show', 'id', mapId]).code, 0, 'removal freed the map');
      assert.equal(sh(['tc', '-n', srv, 'filter', 'show', 'dev', 'eth0', 'ingress']).out.trim(), '');

      const allowed = await installPolicies(run, srv, 'ebpf', {
        count: 1000,
        client: '192.0.2.1',
        port: 8080,
      });
      assert.ok(connects(cli, 8080), 'the client allowed by the last of 1000 policies: the connection opens');
      await allowed.remove();
    } finally {
      if (server.pid > 0) process.kill(server.pid, 'SIGTERM');
      for (const ns of [srv, cli]) sh(['ip', 'netns', 'del', ns]);
    }
  },
);
