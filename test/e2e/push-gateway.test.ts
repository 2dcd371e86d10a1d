import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResult } from '../../src/results/read.js';
import { runCli } from '../helpers/cli.js';
import { installed, startPushgateway } from '../helpers/daemon.js';
import { rootSkip } from '../helpers/root.js';

const skip =
  rootSkip() ||
  (!installed('prometheus-pushgateway') &&
    'prometheus-pushgateway is not installed (Debian: prometheus-pushgateway)');

test(
  'run --push-gateway: a real lab run pushes its figures once saved; the Pushgateway serves them',
  { skip, timeout: 240_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnb-e2e-push-'));
    const config = join(dir, 'push.yaml');
    await writeFile(
      config,
      [
        'version: 1',
        'target: lab',
        'suites:',
        '  push:',
        '    repeat: 2',
        '    duration: 1s',
        '    warmup: 0s',
        '    placements: [cross-node]',
        '    measurements:',
        '      - { kind: tcp, streams: [1] }',
        '',
      ].join('\n'),
    );
    const gw = await startPushgateway();
    try {
      const r = await runCli(
        [
          'run',
          '--config',
          config,
          '--suite',
          'push',
          '--scenario',
          'bridge-native',
          '--out-dir',
          join(dir, 'results'),
          '-o',
          'none',
          '--push-gateway',
          gw.url,
        ],
        { timeoutMs: 220_000 },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`pushed \\d+ series to ${gw.url}/metrics/job/cnibench`));
      const [file] = readdirSync(join(dir, 'results')).filter((f) => f.endsWith('.json'));
      const doc = await readResult(join(dir, 'results', file!));
      const median = doc.results[0]!.summaries.find((s) => s.metric === 'throughput_gbps')!.median;
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('cnibench_result_median{') &&
            l.includes('metric="throughput_gbps"') &&
            l.includes('placement="cross-node"') &&
            l.includes(`run="${doc.run.id}"`),
        );
      assert.ok(line, `the Pushgateway serves the run's throughput:\n${text}`);
      assert.ok(line.includes('scenario="bridge-native"') && line.includes('job="cnibench"'), line);
      assert.equal(Number(line.split(' ').at(-1)), median);
    } finally {
      await gw.stop();
    }
  },
);
