/**
 * Benchmark (prints figures, asserts nothing): builds and tears down a lab scenario of 2, 4, 8
 * and 16 nodes (or the counts given as arguments) with the real CNI plugins, and prints the
 * set-up times (scenario, and the mesh's pods), the tear-down time, and what was left behind
 * (it must be nothing). Needs root.
 * Run through bench/lab-nodes.sh.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../src/exec/runner.js';
import { LabTarget } from '../../src/targets/lab/lab-target.js';
import { listNetns } from '../../src/targets/lab/ip.js';

const counts = process.argv.slice(2).map(Number);
const profile = process.env.PROFILE ?? 'bridge-native';
const stateDir = mkdtempSync(join(tmpdir(), 'cnb-bench-'));
const runId = `bn${Date.now().toString(36).slice(-5)}`;
const rows: string[][] = [
  ['nodes', 'open s', 'build s', 'mesh pods s', 'namespaces', 'teardown s', 'left behind'],
];
for (const nodes of counts.length > 0 ? counts : [2, 4, 8, 16]) {
  const target = new LabTarget({ runId, pluginDir: '/usr/lib/cni', stateDir, run: runCommand });
  const signal = new AbortController().signal;
  const t0 = Date.now();
  const session = await target.openScenario({ name: `n${nodes}`, target: 'lab', profile, nodes }, signal);
  const up = (Date.now() - t0) / 1000;
  const mesh = await session.mesh!(signal);
  const mine = (await listNetns(runCommand)).filter((n) => n.startsWith(`cnb-${runId}-`));
  const t1 = Date.now();
  await session.close();
  await target.teardown();
  const down = (Date.now() - t1) / 1000;
  const left = (await listNetns(runCommand)).filter((n) => n.startsWith(`cnb-${runId}-`));
  const files = readdirSync(stateDir);
  rows.push([
    String(nodes),
    up.toFixed(2),
    String(session.environment.setup_s),
    String(mesh.environment.mesh_setup_s),
    String(mine.length),
    down.toFixed(2),
    left.length + files.length === 0 ? 'nothing' : [...left, ...files].join(' '),
  ]);
  console.error(
    `${nodes} nodes: up ${up.toFixed(2)} s (recorded ${String(session.environment.setup_s)}), down ${down.toFixed(2)} s`,
  );
}
rmSync(stateDir, { recursive: true, force: true });
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
console.log(
  `profile ${profile}; open: the whole openScenario (kernel checks, versions); build: namespaces, fabric, links, ` +
    `routes, 3 pods (recorded as setup_s); mesh pods: a client and a server pod per node (mesh_setup_s); ` +
    `teardown: CNI DEL of every pod, all namespaces (recorded as teardown_s)`,
);
