import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgedMatrices } from '../../src/report/html-mesh.js';
import { zoneSummary } from '../../src/analysis/mesh-zones.js';
import { readResult } from '../../src/results/read.js';
import { runCommand } from '../../src/exec/runner.js';
import { destroyNamespaces } from '../../src/targets/lab/destroy.js';
import { pidsByNetns } from '../../src/targets/lab/netns-pids.js';
import { namespaces, runCli } from '../helpers/cli.js';
import { rootSkip } from '../helpers/root.js';

const skip = rootSkip();

/** 16 nodes in two zones joined by links shaped to 100 Mbit/s (netem for delays is not in every kernel). */
const CONFIG = `
scenarios:
  - { name: lab16, target: lab, profile: vxlan, nodes: 16, zones: { count: 2, rate: 100mbit } }
suites:
  touch:
    repeat: 1
    duration: 1
    warmup: 0
    placements: [cross-node]
    measurements: [{ kind: tcp, streams: [1] }]
`;

test(
  'a 16-node lab in two zones comes up, reaches every node through a sampled mesh, and leaves nothing behind',
  { skip, timeout: 600_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnb-e2e-nodes-'));
    writeFileSync(join(dir, 'c.yaml'), CONFIG);
    const [out, state] = [join(dir, 'out'), join(dir, 'state')];
    const r = await runCli(
      [
        'run',
        '--config',
        join(dir, 'c.yaml'),
        '--suite',
        'touch',
        '--mesh',
        '--pairs',
        '16',
        '--out-dir',
        out,
        '-o',
        'csv',
      ],
      { timeoutMs: 550_000, env: { CNIBENCH_STATE_DIR: state } },
    );
    assert.equal(r.code, 0, r.stderr);
    const runId = /run (\w+):/.exec(r.stderr)![1]!;
    assert.deepEqual(namespaces(`cnb-${runId}`), [], 'no namespace left');
    assert.deepEqual(
      readdirSync(state).filter((f) => f.startsWith('lab-')),
      [],
      'no state file left',
    );
    const doc = await readResult(
      join(
        out,
        readdirSync(out).find((f) => f.endsWith('.json'))!,
      ),
    );
    const env = doc.scenarios[0]!.environment;
    assert.equal(env.nodes, 16);
    assert.equal(
      env.zones,
      'zone-a: node1 node2 node3 node4 node5 node6 node7 node8; zone-b: node9 node10 node11 node12 node13 node14 node15 node16',
    );
    for (const k of ['setup_s', 'teardown_s', 'mesh_setup_s'])
      assert.ok(typeof env[k] === 'number' && env[k] > 0, `${k} recorded: ${String(env[k])}`);
    const mesh = doc.mesh ?? [];
    assert.equal(mesh.length, 16);
    assert.ok(
      mesh.every((m) => m.repetitions[0]!.status === 'ok'),
      'every sampled pair passes traffic',
    );
    const reached = new Set(mesh.flatMap((m) => [m.client_node, m.server_node]));
    assert.equal(reached.size, 16, 'every node takes part');
    const header = r.stdout.split('\n')[0]!;
    assert.match(header, /,ci_level,status,note,client_node,server_node$/);
    // the zone links' rate shows between zones, not within
    const tput = judgedMatrices(doc).find((j) => j.matrix.metric === 'throughput_gbps')!.matrix;
    const zones = zoneSummary(tput);
    const within = zones.filter((z) => z.from === z.to).map((z) => z.median);
    const across = zones.filter((z) => z.from !== z.to).map((z) => z.median);
    assert.ok(within.length > 0 && across.length > 0, JSON.stringify(zones));
    assert.ok(Math.max(...across) <= 0.1, `cross-zone pairs at most 100 Mbit/s: ${JSON.stringify(zones)}`);
    assert.ok(Math.min(...within) > 0.2, `pairs within a zone faster: ${JSON.stringify(zones)}`);
  },
);

test(
  'the processes inside namespaces are found in one pass over /proc',
  { skip, timeout: 30_000 },
  async () => {
    const ns = `cnb-pidtest${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    const child = spawn('ip', ['netns', 'exec', ns, 'sleep', '30'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const found = await pidsByNetns([ns, 'cnb-does-not-exist']);
      assert.deepEqual(found.get(ns), [child.pid], 'ip netns exec execs sleep in place');
      assert.equal(found.has('cnb-does-not-exist'), false);
      assert.deepEqual(await destroyNamespaces(runCommand, [ns]), []);
      assert.deepEqual(namespaces(ns), []);
      assert.equal(await exited, null, 'ended by a signal');
    } finally {
      child.kill('SIGKILL');
      spawnSync('ip', ['netns', 'del', ns]);
    }
  },
);
