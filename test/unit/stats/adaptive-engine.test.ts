import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScenarioConfig, SuiteSpec } from '../../../src/config/schema.js';
import { makeRunPlan } from '../../../src/engine/plan.js';
import { runEngine } from '../../../src/engine/run.js';
import { RESULT_SCHEMA, ResultDocument } from '../../../src/results/schema.js';
import { DEFAULT_ADAPTIVE_POLICY } from '../../../src/stats/adaptive.js';
import { FakeTarget } from '../../helpers/fake-target.js';
import { fixture } from '../../helpers/paths.js';

/** iperf3 output of the saved fixture with the received throughput replaced. */
function iperf3With(gbps: number): string {
  const json = JSON.parse(fixture('iperf3', 'tcp-1stream.json')) as {
    end: { sum_received: { bits_per_second: number } };
  };
  json.end.sum_received.bits_per_second = gbps * 1e9;
  return JSON.stringify(json);
}

test('--repeat auto: a stable measurement stops after fewer repetitions than a noisy one, and says so', async () => {
  const noisy = [9, 6, 11, 7.5, 10.5];
  let rep = 0;
  const target = new FakeTarget((_argv, _where, scenario) => {
    rep += 1;
    const gbps = scenario === 'stable' ? 9.4 + (rep % 3) * 0.02 : noisy[rep % noisy.length]!;
    return { stdout: iperf3With(gbps) };
  });
  const suite: SuiteSpec = {
    repeat: 3,
    duration: 1,
    warmup: 0,
    placements: ['cross-node'],
    measurements: [{ kind: 'tcp', streams: [1] }],
  };
  const scenarios: ScenarioConfig[] = [
    { name: 'stable', target: 'lab', profile: 'bridge-native', mtu: 1500 },
    { name: 'noisy', target: 'lab', profile: 'vxlan', mtu: 1500 },
  ];
  const policy = DEFAULT_ADAPTIVE_POLICY;
  const plan = makeRunPlan(
    scenarios.map((ref) => ({ ref })),
    suite,
    { repeat: policy.maxRepetitions, adaptive: policy },
  );
  const doc = await runEngine({
    target,
    plan,
    doc: {
      schema: RESULT_SCHEMA,
      tool: { name: 'cnibench', version: 'test' },
      run: {
        id: 'auto',
        startedAt: new Date().toISOString(),
        status: 'running',
        target: 'lab',
        suite: 'custom',
        parameters: { repeat: 'auto' },
        host: {},
        command: [],
      },
      scenarios: [],
      results: [],
      failures: [],
      skipped: [],
    },
    signal: new AbortController().signal,
    onEvent: () => undefined,
    save: async () => undefined,
  });
  const taken = (name: string) => doc.results.find((r) => r.scenario === name)!.repetitions;
  assert.equal(taken('stable').length, 6);
  assert.equal(taken('noisy').length, policy.maxRepetitions);
  assert.match(
    taken('stable').at(-1)!.notes.join('\n'),
    /--repeat auto: stopped after 6 repetitions: throughput_gbps CI/,
  );
  assert.match(
    taken('noisy').at(-1)!.notes.join('\n'),
    /stopped after 20 repetitions: reached the cap of 20 with throughput_gbps CI/,
  );
  assert.equal(
    doc.results.find((r) => r.scenario === 'stable')!.summaries.find((s) => s.metric === 'throughput_gbps')!
      .n,
    6,
  );
  ResultDocument.parse(doc);
});
