import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgedMatrices } from '../../src/report/html-mesh.js';
import { heatmapSvg } from '../../src/report/mesh-heatmap.js';
import { STYLE } from '../../src/report/html-util.js';
import { readResult } from '../../src/results/read.js';
import { findChromium, screenshot } from '../helpers/chromium.js';
import { namespaces, pidsOf, runCli, startCli, waitFor } from '../helpers/cli.js';
import { pngStats } from '../unit/report/html-png.js';
import { rootSkip } from '../helpers/root.js';

const skip = rootSkip();
const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'cnb-e2e-mesh-'));

/** 8 nodes, every fabric link shaped to 400 Mbit/s both ways, node6's to a quarter of that. */
const CONFIG = `
scenarios:
  - name: mesh8
    target: lab
    profile: bridge-native
    nodes: 8
    nodeLinks:
      - { nodes: [1, 2, 3, 4, 5, 7, 8], rate: 400mbit }
      - { nodes: [6], rate: 100mbit }
suites:
  mesh-short:
    repeat: 1
    duration: 2
    warmup: 1
    placements: [cross-node]
    measurements: [{ kind: rr, messageSize: [64] }, { kind: tcp, streams: [1] }]
`;

test(
  'a lab mesh of 8 nodes flags the node whose link runs at a quarter of the rate, and only it',
  { skip, timeout: 900_000 },
  async (t) => {
    const dir = await tmp();
    const config = join(dir, 'mesh.yaml');
    writeFileSync(config, CONFIG);
    const out = join(dir, 'out');
    const state = join(dir, 'state');
    const r = await runCli(
      [
        'run',
        '--config',
        config,
        '--suite',
        'mesh-short',
        '--mesh',
        '--mesh-concurrency',
        '4',
        '--out-dir',
        out,
        '-o',
        'terminal',
      ],
      { timeoutMs: 850_000, env: { CNIBENCH_STATE_DIR: state } },
    );
    assert.equal(r.code, 0, r.stderr);
    const runId = /run (\w+):/.exec(r.stderr)![1]!;
    assert.deepEqual(namespaces(`cnb-${runId}`), [], 'nothing left behind');
    const file = readdirSync(out).find((f) => f.endsWith('.json'))!;
    const doc = await readResult(join(out, file));
    const mesh = doc.mesh ?? [];
    assert.equal(mesh.length, 8 * 7 * 2, 'every ordered pair, rr and tcp');
    assert.ok(mesh.every((m) => m.repetitions.length === 1 && m.repetitions[0]!.status === 'ok'));
    for (const round of new Set(mesh.map((m) => m.round))) {
      const nodes = mesh
        .filter((m) => m.round === round && m.measurement === 'tcp')
        .flatMap((m) => [m.client_node, m.server_node]);
      assert.equal(new Set(nodes).size, nodes.length, `round ${round}: no node in two tests`);
    }
    const judged = judgedMatrices(doc);
    const flagged = judged.flatMap((j) =>
      j.nodes.filter((n) => n.outlier !== undefined).map((n) => `${j.matrix.metric}:${n.node}:${n.outlier}`),
    );
    t.diagnostic(`flagged: ${flagged.join(', ')}`);
    for (const j of judged) for (const n of j.nodes) t.diagnostic(`${j.matrix.metric} ${n.evidence}`);
    assert.deepEqual(flagged, ['throughput_gbps:node6:worse'], 'node6, and only node6, stands out');
    assert.match(r.stdout, /outliers: node6 \(worse\)/, 'the terminal report says so');

    // the report's heatmap: node6's row and column hold the low figures and are framed
    const html = await runCli([
      'report',
      join(out, file),
      '-o',
      'html',
      '--out-file',
      join(dir, 'report.html'),
    ]);
    assert.equal(html.code, 0, html.stderr);
    const tput = judged.find((j) => j.matrix.metric === 'throughput_gbps')!;
    const svg = heatmapSvg(tput.matrix, tput.nodes, 't');
    assert.match(svg, /data-outliers="node6"/);
    const cells = [
      ...svg.matchAll(
        /data-client="(node\d)" data-server="(node\d)" data-value="([\d.]+)"[^>]*fill="(#[0-9a-f]{6})"/g,
      ),
    ];
    assert.equal(cells.length, 56);
    for (const [, c, s, v, fill] of cells) {
      const six = c === 'node6' || s === 'node6';
      assert.ok(six ? Number(v) < 0.13 : Number(v) > 0.3, `${c} -> ${s}: ${v} Gbit/s`);
      const red = parseInt(fill!.slice(1, 3), 16);
      const green = parseInt(fill!.slice(3, 5), 16);
      assert.ok(six ? green < 60 && red > 120 : green > 200, `${c} -> ${s} coloured ${fill}`);
    }
    assert.equal(
      (svg.match(/class="outlier-frame" data-node="node6"/g) ?? []).length,
      2,
      'row and column framed',
    );

    if (findChromium() !== undefined) {
      const shot = screenshot(
        `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>${svg}</body></html>`,
        '700,700',
      );
      copyFileSync(shot, join(tmpdir(), 'cnibench-mesh8-heatmap.png'));
      const stats = pngStats(shot);
      let dark = 0;
      let light = 0;
      for (const [rgb, count] of stats.pixels) {
        const [r8, g8, b8] = [rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff];
        if (r8 > 120 && g8 < 60 && b8 < 60) dark += count;
        if (r8 > 240 && g8 > 230 && b8 > 150 && b8 < 235) light += count;
      }
      t.diagnostic(
        `PNG ${join(tmpdir(), 'cnibench-mesh8-heatmap.png')}: ${dark} dark red, ${light} light pixels`,
      );
      // 14 node6 cells of about 30x30 px dark, 42 others light
      assert.ok(dark > 14 * 600, `node6's cells are dark red in the picture: ${dark}`);
      assert.ok(light > 42 * 600, `the other cells are light: ${light}`);
    }
  },
);

test(
  'Ctrl-C during a lab mesh: the finished pairs are kept, mesh pods and servers are gone',
  { skip, timeout: 180_000 },
  async () => {
    const dir = await tmp();
    writeFileSync(
      join(dir, 'm.yaml'),
      'scenarios:\n  - { name: m4, target: lab, profile: ptp-native, nodes: 4 }\n' +
        'suites:\n  s:\n    repeat: 1\n    duration: 2\n    warmup: 0\n    placements: [cross-node]\n' +
        '    measurements: [{ kind: tcp, streams: [1] }]\n',
    );
    const sockBefore = new Set(pidsOf('iperf3'));
    const run = startCli(
      [
        'run',
        '--config',
        join(dir, 'm.yaml'),
        '--suite',
        's',
        '--mesh',
        '--mesh-concurrency',
        '1',
        '--out-dir',
        join(dir, 'out'),
      ],
      { CNIBENCH_STATE_DIR: join(dir, 'state') },
    );
    const runId = (await waitFor(run.stderr, /run (\w+):/, 30_000))[1]!;
    await waitFor(run.stderr, /mesh round 1\/6: 2\/12 tests done/, 120_000);
    await new Promise((r) => setTimeout(r, 800)); // inside the third test
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    assert.equal(code, 130, run.stderr());
    const file = readdirSync(join(dir, 'out')).find((f) => f.endsWith('.json'))!;
    const doc = await readResult(join(dir, 'out', file));
    assert.equal(doc.run.status, 'interrupted');
    const measured = (doc.mesh ?? []).filter((m) => m.repetitions.length > 0);
    assert.equal(measured.length, 2, 'the two finished tests are kept, the interrupted one is not');
    assert.deepEqual(namespaces(`cnb-${runId}`), [], 'mesh pods and nodes removed');
    assert.deepEqual(
      pidsOf('iperf3').filter((p) => !sockBefore.has(p)),
      [],
    );
  },
);
