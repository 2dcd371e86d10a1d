import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SuiteSpec } from '../../../src/config/schema.js';
import { makeRunPlan } from '../../../src/engine/plan.js';
import { runEngine } from '../../../src/engine/run.js';
import { ResultDocument } from '../../../src/results/schema.js';
import { runningDoc } from '../../helpers/result-fixture.js';
import { DEFAULT_ADAPTIVE_POLICY } from '../../../src/stats/adaptive.js';
import { mulberry32 } from '../../../src/stats/prng.js';
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

const suite: SuiteSpec = {
  repeat: 3,
  duration: 1,
  warmup: 0,
  placements: ['cross-node'],
  measurements: [{ kind: 'tcp', streams: [1] }],
};

/** Runs `--repeat auto` over scenarios whose throughput comes from `gbps(scenario)`. */
async function auto(names: string[], gbps: (scenario: string) => number): Promise<ResultDocument> {
  const target = new FakeTarget((_argv, _where, scenario) => ({ stdout: iperf3With(gbps(scenario)) }));
  const policy = DEFAULT_ADAPTIVE_POLICY;
  const plan = makeRunPlan(
    names.map((name) => ({ ref: { name, target: 'lab', profile: 'bridge-native', mtu: 1500 } })),
    suite,
    { repeat: policy.maxRepetitions, adaptive: policy },
  );
  const doc = await runEngine({
    target,
    plan,
    doc: runningDoc({ id: 'auto', suite: 'custom', parameters: { repeat: 'auto' } }),
    signal: new AbortController().signal,
    onEvent: () => undefined,
    save: async () => undefined,
  });
  ResultDocument.parse(doc);
  return doc;
}

const taken = (doc: ResultDocument, name: string) =>
  doc.results.find((r) => r.scenario === name)!.repetitions;

test('--repeat auto with two scenarios: a clear difference is decided at the first planned look', async () => {
  const rng = mulberry32(1);
  const doc = await auto(['fast', 'slow'], (s) => (s === 'fast' ? 9.4 : 6.0) * (1 + 0.01 * (rng() - 0.5)));
  assert.equal(taken(doc, 'fast').length, 5);
  assert.equal(taken(doc, 'slow').length, 5);
  assert.match(
    taken(doc, 'slow').at(-1)!.notes.join('\n'),
    /--repeat auto: stopped after 5 repetitions: every comparison decided: slow vs fast on throughput_gbps: .*worse/,
  );
});

test('--repeat auto with two scenarios: the same path within 5% is decided equivalent, a noisy one goes to the cap', async () => {
  const rng = mulberry32(2);
  const same = await auto(['a', 'b'], () => 9.4 * (1 + 0.002 * (rng() - 0.5)));
  assert.ok(taken(same, 'b').length < DEFAULT_ADAPTIVE_POLICY.maxRepetitions, 'decided before the cap');
  assert.match(
    taken(same, 'b').at(-1)!.notes.join('\n'),
    /every comparison decided: .*no difference beyond the margin/,
  );
  const noisy = await auto(['a', 'b'], () => 9.4 * (1 + 0.6 * (rng() - 0.5)));
  assert.equal(taken(noisy, 'b').length, DEFAULT_ADAPTIVE_POLICY.maxRepetitions);
  assert.match(taken(noisy, 'b').at(-1)!.notes.join('\n'), /reached the cap of 20/);
});

test('--repeat auto with one scenario: repeat until the interval of the median is narrow enough', async () => {
  let rep = 0;
  const stable = await auto(['stable'], () => 9.4 + (++rep % 3) * 0.02);
  assert.equal(taken(stable, 'stable').length, 6);
  assert.match(
    taken(stable, 'stable').at(-1)!.notes.join('\n'),
    /--repeat auto: stopped after 6 repetitions: throughput_gbps CI/,
  );
  const values = [9, 6, 11, 7.5, 10.5];
  const noisy = await auto(['noisy'], () => values[++rep % values.length]!);
  assert.equal(taken(noisy, 'noisy').length, DEFAULT_ADAPTIVE_POLICY.maxRepetitions);
});
