import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SuiteSpec } from '../../../src/config/schema.js';
import type { ScenarioConfig } from '../../../src/config/schema.js';
import type { PlannedScenario } from '../../../src/engine/plan.js';
import type { RunEvent } from '../../../src/engine/events.js';
import { makeRunPlan } from '../../../src/engine/plan.js';
import { runEngine } from '../../../src/engine/run.js';
import { ResultDocument } from '../../../src/results/schema.js';
import { FakeTarget } from '../../helpers/fake-target.js';
import { fixture } from '../../helpers/paths.js';
import { runningDoc } from '../../helpers/result-fixture.js';

const configs: ScenarioConfig[] = [
  { name: 'one', target: 'lab', profile: 'bridge-native', mtu: 1500 },
  { name: 'two', target: 'lab', profile: 'vxlan', mtu: 1500 },
];
const scenarios: PlannedScenario[] = configs.map((ref) => ({ ref }));

function emptyDoc(): ResultDocument {
  return runningDoc({ id: 'abc123' });
}

/** Every placement, TCP with 1 and 4 streams and UDP at 1 Gbit/s: 3 variants. */
const SUITE = SuiteSpec.parse({
  repeat: 3,
  duration: 1,
  warmup: 0,
  placements: ['same-node', 'cross-node', 'host', 'service'],
  measurements: [
    { kind: 'tcp', streams: [1, 4] },
    { kind: 'udp', bitrate: ['1G'] },
  ],
});

const tcpOk = fixture('iperf3', 'tcp-1stream.json');
const udpOk = fixture('iperf3', 'udp-1g.json');
const refused = fixture('iperf3', 'error-connection-refused.json');

test('scenarios x placements x measurements x repetitions; failures are recorded and the run goes on', async () => {
  let n = 0;
  const target = new FakeTarget((argv, _where, scenario) => {
    if (argv.includes('-u')) return { stdout: udpOk };
    if (scenario === 'one') n += 1;
    return { stdout: scenario === 'one' && n === 2 ? refused : tcpOk }; // scenario one's second TCP repetition fails
  });
  target.failPlacement = 'host';
  const plan = makeRunPlan(scenarios, SUITE, { repeat: 3 });
  const events: RunEvent[] = [];
  let saves = 0;
  const doc = await runEngine({
    target,
    plan,
    doc: emptyDoc(),
    signal: new AbortController().signal,
    onEvent: (e) => events.push(e),
    save: async () => void saves++,
  });
  // 2 scenarios x 2 reachable placements x 3 variants (tcp 1, tcp 4, udp)
  assert.equal(doc.results.length, 12);
  assert.ok(doc.results.every((r) => r.repetitions.length === 3));
  assert.equal(saves, 36);
  const failedRep = doc.results[0]!.repetitions[1]!;
  assert.equal(failedRep.status, 'failed');
  assert.match(failedRep.error!.message, /Connection refused/);
  assert.equal(failedRep.raw[0]!.stdout, refused, 'the tool output is kept for audit');
  const tput = doc.results[0]!.summaries.find((s) => s.metric === 'throughput_gbps')!;
  assert.equal(tput.n, 2, 'the failed repetition is not counted');
  assert.ok(
    doc.results[0]!.summaries.some((s) => s.metric === 'softirq_cpu_pct'),
    'resource use is summarised',
  );
  assert.ok(doc.results[0]!.summaries.some((s) => s.metric === 'path_mtu'));
  assert.equal(
    doc.failures.filter((f) => f.placement === 'host').length,
    2,
    'an unreachable placement is a failure per scenario',
  );
  assert.equal(doc.failures.filter((f) => f.repetition === 2).length, 1);
  assert.ok(events.some((e) => e.type === 'path-failed'));
  assert.deepEqual(target.torn.slice().sort(), ['scenario one', 'scenario two']);
  ResultDocument.parse(doc);
});

test('scenarios built together take turns, forward then backward (A B, B A), and the order is recorded', async () => {
  const target = new FakeTarget(() => ({ stdout: tcpOk }));
  const plan = makeRunPlan(scenarios, { ...SUITE, placements: ['cross-node'] }, { repeat: 4 });
  plan.variants = plan.variants.slice(0, 1);
  const doc = await runEngine({
    target,
    plan,
    doc: emptyDoc(),
    signal: new AbortController().signal,
    onEvent: () => undefined,
    save: async () => undefined,
  });
  const order = doc.results
    .flatMap((r) => r.repetitions.map((x) => ({ s: r.scenario, seq: x.seq! })))
    .sort((a, b) => a.seq - b.seq)
    .map((x) => x.s);
  assert.deepEqual(order, ['one', 'two', 'two', 'one', 'one', 'two', 'two', 'one']);
  assert.equal(doc.run.schedule?.mode, 'interleaved');
  assert.deepEqual(doc.run.schedule?.groups[0]?.scenarios, ['one', 'two']);
  assert.deepEqual(target.opened, ['one', 'two'], 'both scenarios were open at once');
  ResultDocument.parse(doc);
});

test('a target that cannot hold two scenarios at once runs them in blocks, and the result says so', async () => {
  const target = new FakeTarget(() => ({ stdout: tcpOk }));
  target.blocks = true;
  const plan = makeRunPlan(scenarios, { ...SUITE, placements: ['cross-node'] }, { repeat: 2 });
  plan.variants = plan.variants.slice(0, 1);
  const doc = await runEngine({
    target,
    plan,
    doc: emptyDoc(),
    signal: new AbortController().signal,
    onEvent: () => undefined,
    save: async () => undefined,
  });
  const order = doc.results
    .flatMap((r) => r.repetitions.map((x) => ({ s: r.scenario, seq: x.seq! })))
    .sort((a, b) => a.seq - b.seq)
    .map((x) => x.s);
  assert.deepEqual(order, ['one', 'one', 'two', 'two']);
  assert.equal(doc.run.schedule?.mode, 'blocks');
});

test('a measurement a scenario cannot do is skipped with the reason, not failed', async () => {
  const target = new FakeTarget(() => ({ stdout: '' }));
  target.lacking['services-at-scale'] = 'this fake programs no Services';
  const suite = {
    ...SUITE,
    measurements: [
      {
        kind: 'services' as const,
        counts: [10],
        modes: ['iptables' as const],
        placements: ['cross-node' as const],
      },
    ],
  };
  const plan = makeRunPlan(scenarios.slice(0, 1), suite, { repeat: 1 });
  const doc = await runEngine({
    target,
    plan,
    doc: emptyDoc(),
    signal: new AbortController().signal,
    onEvent: () => undefined,
    save: async () => undefined,
  });
  assert.deepEqual(doc.failures, []);
  assert.deepEqual(doc.skipped, [
    {
      scenario: 'one',
      placement: 'cross-node',
      measurement: 'services',
      variant: 'services=10,mode=iptables',
      reason: 'this fake programs no Services',
    },
  ]);
  assert.equal(doc.results.length, 0);
});

test('a scenario that cannot be built is recorded with its reason and the next one runs', async () => {
  const target = new FakeTarget((argv) => ({ stdout: argv.includes('-u') ? udpOk : tcpOk }));
  target.failScenario = 'one';
  const plan = makeRunPlan(scenarios, SUITE, { repeat: 1 });
  const doc = await runEngine({
    target,
    plan,
    doc: emptyDoc(),
    signal: new AbortController().signal,
    onEvent: () => undefined,
    save: async () => undefined,
  });
  assert.equal(doc.scenarios[0]!.status, 'failed');
  assert.match(doc.scenarios[0]!.error!.message, /cannot be built/);
  assert.equal(doc.scenarios[1]!.status, 'ok');
  assert.equal(doc.results.filter((r) => r.scenario === 'two').length, 9);
  assert.deepEqual(
    doc.scenarios[1]!.unsupportedPlacements,
    [{ placement: 'service', reason: 'fake has no service' }],
    'a placement the target cannot offer is recorded with its reason',
  );
});

test('an abort keeps finished repetitions and drops the interrupted one', async () => {
  const ac = new AbortController();
  let calls = 0;
  const target = new FakeTarget(() => {
    calls += 1;
    if (calls === 3) ac.abort();
    return { stdout: tcpOk };
  });
  const plan = makeRunPlan(scenarios, SUITE, { repeat: 3 });
  const doc = await runEngine({
    target,
    plan,
    doc: emptyDoc(),
    signal: ac.signal,
    onEvent: () => undefined,
    save: async () => undefined,
  });
  // interleaved: one's 1st, two's 1st, then the abort during two's 2nd repetition
  assert.equal(doc.results.length, 2);
  assert.deepEqual(
    doc.results.map((r) => r.repetitions.length),
    [1, 1],
  );
  assert.deepEqual(target.torn.slice().sort(), ['scenario one', 'scenario two']);
});
