import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SuiteSpec } from '../../../src/config/schema.js';
import type { RunEvent } from '../../../src/engine/events.js';
import { makeRunPlan } from '../../../src/engine/plan.js';
import { runEngine } from '../../../src/engine/run.js';
import type { CommandResult } from '../../../src/exec/runner.js';
import type { ResultDocument } from '../../../src/results/schema.js';
import { runningDoc } from '../../helpers/result-fixture.js';
import type {
  Endpoint,
  MeshEndpoints,
  MeshNode,
  PreparedPath,
  ScenarioRef,
  ScenarioSession,
  Target,
} from '../../../src/targets/target.js';
import { fixture } from '../../helpers/paths.js';

const done = (r: Partial<CommandResult>): CommandResult => ({
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  durationMs: 1,
  timedOut: false,
  ...r,
});

/** A target whose scenarios offer a mesh of `n` nodes; node `unreachable` answers no ping. */
class MeshTarget implements Target {
  readonly kind = 'lab';
  readonly busy = new Set<string>();
  readonly overlaps: string[] = [];
  probes = 0;
  meshClosed = 0;

  constructor(
    private readonly n: number,
    private readonly unreachable?: string,
    private readonly noMesh = false,
  ) {}

  groups(scenarios: readonly ScenarioRef[]): { scenarios: ScenarioRef[]; why: string }[] {
    return scenarios.map((s) => ({ scenarios: [s], why: 'one at a time' }));
  }

  openScenario(ref: ScenarioRef): Promise<ScenarioSession> {
    const ep = (node: string, role: string, i: number): Endpoint => ({
      id: `${node}/${role}`,
      node,
      address: `10.0.${i}.${role === 'client' ? 1 : 2}`,
    });
    const nodes: MeshNode[] = Array.from({ length: this.n }, (_, i) => ({
      node: `node${i + 1}`,
      zone: i < this.n / 2 ? 'zone-a' : 'zone-b',
      client: ep(`node${i + 1}`, 'client', i),
      server: ep(`node${i + 1}`, 'server', i),
    }));
    const nodeOf = (address: string): string => nodes.find((n) => n.server.address === address)?.node ?? '?';
    const session: ScenarioSession = {
      scenario: ref.name,
      environment: {},
      placements: () => ({ supported: ['cross-node'], unsupported: [] }),
      supports: () => ({ reason: 'not here' }),
      preparePath: () => Promise.reject(new Error('not used')),
      exec: async (e, argv) => {
        if (argv[0] === 'sockperf' || argv[0] === 'iperf3') {
          const to = nodeOf(argv[argv.indexOf(argv[0] === 'sockperf' ? '-i' : '-c') + 1]!);
          for (const x of [e.node, to]) {
            if (this.busy.has(x)) this.overlaps.push(`${x}: ${e.node}->${to}`);
            this.busy.add(x);
          }
          await new Promise((r) => setTimeout(r, 2));
          this.busy.delete(e.node);
          this.busy.delete(to);
          return done({
            stdout:
              argv[0] === 'sockperf'
                ? fixture('sockperf', 'pingpong-ok.stdout')
                : fixture('iperf3', 'tcp-1stream.json'),
          });
        }
        return done({});
      },
      startServer: () => Promise.resolve({ stop: () => Promise.resolve(done({})) }),
      resolver: () => Promise.reject(new Error('no')),
      programServices: () => Promise.reject(new Error('no')),
      startResourceProbe: () => {
        this.probes++;
        return Promise.reject(new Error('no'));
      },
      close: () => Promise.resolve(),
    };
    if (!this.noMesh)
      session.mesh = (): Promise<MeshEndpoints> =>
        Promise.resolve({
          nodes,
          excluded: [{ node: 'node99', reason: 'not Ready' }],
          defaultConcurrency: 3,
          environment: { mesh_setup_s: 0.1 },
          session,
          preparePair: (c: MeshNode, s: MeshNode): Promise<PreparedPath> =>
            s.node === this.unreachable
              ? Promise.reject(new Error(`${s.server.address} did not answer`))
              : Promise.resolve({
                  placement: 'cross-node',
                  client: c.client,
                  server: s.server,
                  serverAddress: s.server.address,
                }),
          close: () => {
            this.meshClosed++;
            return Promise.resolve();
          },
        });
    return Promise.resolve(session);
  }
  teardown(): Promise<void> {
    return Promise.resolve();
  }
}

function doc(): ResultDocument {
  return runningDoc({ id: 'm1', suite: 'x', startedAt: '' });
}

const suite = SuiteSpec.parse({
  repeat: 2,
  duration: 1,
  warmup: 0,
  placements: ['cross-node'],
  measurements: [{ kind: 'rr', messageSize: [64] }, { kind: 'tcp', streams: [1] }, { kind: 'dns' }],
});

async function run(
  target: Target,
  mesh: { pairs?: number; concurrency?: number },
  signal = new AbortController().signal,
) {
  const d = doc();
  const events: RunEvent[] = [];
  let saves = 0;
  const plan = makeRunPlan([{ ref: { name: 's1', target: 'lab', profile: 'bridge-native' } }], suite, {
    mesh,
  });
  await runEngine({
    target,
    plan,
    doc: d,
    signal,
    onEvent: (e) => events.push(e),
    save: () => Promise.resolve(void saves++),
  });
  return { d, events, saves };
}

test('a mesh run: every ordered pair per mesh variant and repetition, other kinds skipped, no node in two tests', async () => {
  const t = new MeshTarget(6);
  const { d, events, saves } = await run(t, {});
  const mesh = d.mesh ?? [];
  assert.equal(mesh.length, 30 * 2, '30 ordered pairs, rr and tcp');
  assert.ok(mesh.every((r) => r.repetitions.length === 2 && r.repetitions.every((x) => x.status === 'ok')));
  assert.ok(
    mesh.every((r) => r.repetitions.every((x) => x.resources === undefined)),
    'no resource probe',
  );
  assert.deepEqual(d.results, [], 'placement results untouched');
  assert.deepEqual(
    d.skipped.map((s) => `${s.measurement}: ${s.reason}`),
    ['dns: not measured in a mesh (mesh runs measure rr, crr, tcp, udp, icmp between node pairs)'],
  );
  assert.deepEqual(t.overlaps, []);
  const r1 = mesh.find(
    (r) => r.client_node === 'node1' && r.server_node === 'node6' && r.measurement === 'rr',
  )!;
  assert.deepEqual([r1.client_zone, r1.server_zone, r1.placement], ['zone-a', 'zone-b', 'cross-node']);
  assert.ok(r1.summaries.some((s) => s.metric === 'latency_p50_us'));
  const env = d.scenarios[0]!.environment;
  assert.deepEqual(
    [
      env.mesh_nodes,
      env.mesh_tests,
      env.mesh_rounds,
      env.mesh_concurrency,
      env.mesh_sampled,
      env.mesh_setup_s,
      env.mesh_excluded,
    ],
    [6, 30, 10, 3, false, 0.1, 'node99: not Ready'],
  );
  assert.equal(saves, 10 + 0, 'saved after every batch (rounds of 3 pairs, 3 at once)');
  assert.ok(
    events.some(
      (e) => e.type === 'note' && /mesh: 6 nodes, 30 tests in 10 rounds, at most 3 at once/.test(e.message),
    ),
  );
  assert.equal(t.meshClosed, 1);
});

test('an unreachable node fails its pairs, named by their nodes; the rest is measured', async () => {
  const { d } = await run(new MeshTarget(4, 'node3'), { concurrency: 1 });
  const failed = (d.mesh ?? []).filter((r) => r.repetitions.some((x) => x.status === 'failed'));
  assert.deepEqual([...new Set(failed.map((r) => r.server_node))], ['node3']);
  assert.equal(failed.length, 3 * 2);
  assert.equal(d.failures.length, 3 * 2 * 2, 'each failed repetition listed');
  assert.match(d.failures[0]!.error.message, /^node\d -> node3: 10\.0\.2\.2 did not answer$/);
});

test('--pairs, an interrupted mesh, and a target without a mesh', async () => {
  const sampled = await run(new MeshTarget(10), { pairs: 5, concurrency: 5 });
  assert.equal((sampled.d.mesh ?? []).length, 5 * 2);
  assert.equal(new Set((sampled.d.mesh ?? []).flatMap((r) => [r.client_node, r.server_node])).size, 10);
  const ac = new AbortController();
  const t = new MeshTarget(6);
  const p = run(t, { concurrency: 1 }, ac.signal);
  setTimeout(() => ac.abort(), 30);
  const { d } = await p;
  assert.ok((d.mesh ?? []).length < 60, 'stopped early');
  assert.deepEqual(d.failures, [], 'an interruption is not a failure');
  assert.equal(t.meshClosed, 1, 'the mesh was closed');
  const none = await run(new MeshTarget(4, undefined, true), {});
  assert.match(none.d.failures[0]!.error.message, /the lab target cannot run a mesh/);
  const tooFew = await run(new MeshTarget(4), { pairs: 1 });
  assert.equal(tooFew.d.failures[0]!.error.code, 'USAGE');
});
