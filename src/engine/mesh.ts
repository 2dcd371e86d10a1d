import { setMaxListeners } from 'node:events';
import { toErrorData } from '../model/errors.js';
import type { PlannedVariant } from '../measure/measurement.js';
import type { MeasurementKind } from '../measure/registry.js';
import type { MeshPairResult, ResultDocument } from '../results/schema.js';
import type { MeshEndpoints, MeshNode, PreparedPath, ScenarioSession } from '../targets/target.js';
import { formatDuration } from '../util/units.js';
import type { RunEvent } from './events.js';
import {
  batches,
  meshSchedule,
  type MeshOptions,
  type MeshSchedule,
  type MeshTest,
} from './mesh-schedule.js';
import { MeshMeasureSession } from './mesh-session.js';
import {
  failedRepetition,
  meshSkipReason,
  newPairResult,
  recordPairRepetition,
  unpreparedPath,
} from './mesh-record.js';
import type { RunPlan } from './plan.js';
import { runRepetition } from './repetition.js';

export interface MeshRunOptions {
  session: ScenarioSession;
  plan: RunPlan;
  doc: ResultDocument;
  signal: AbortSignal;
  onEvent: (e: RunEvent) => void;
  save: (doc: ResultDocument) => Promise<void>;
  mesh: MeshOptions;
}

const BASE_PORT = 20000;
/** Seconds assumed for preparing a batch's paths, for the ETA. */
const PAIR_SETUP_S = 0.5;

/** Nodes by zone, then by name with numbers in order (node2 before node10). */
function byZoneAndName(a: MeshNode, b: MeshNode): number {
  return (
    (a.zone ?? '').localeCompare(b.zone ?? '') ||
    a.node.localeCompare(b.node, undefined, { numeric: true, sensitivity: 'base' })
  );
}

/**
 * A mesh run of one scenario (`run --mesh`): the target's client and server endpoints on every
 * node, a schedule of ordered node pairs in rounds (no node in two tests at once), each round in
 * batches of at most `concurrency` tests; within a batch, each variant runs on all its pairs at
 * once, each test on its own port. Results go to the document's `mesh`, saved after each batch.
 */
export async function runMesh(o: MeshRunOptions): Promise<void> {
  const name = o.session.scenario;
  if (o.session.mesh === undefined) {
    fail(o, new Error(`the ${o.doc.run.target} target cannot run a mesh`));
    return;
  }
  let endpoints: MeshEndpoints | undefined;
  try {
    o.onEvent({ type: 'note', message: `mesh: starting a client and a server on every node of ${name}` });
    endpoints = await o.session.mesh(o.signal);
    const nodes = [...endpoints.nodes].sort(byZoneAndName);
    const schedule = meshSchedule(nodes.length, o.mesh);
    const concurrency = o.mesh.concurrency ?? endpoints.defaultConcurrency;
    // every test in flight listens for Ctrl-C on the run's signal
    setMaxListeners(Math.max(50, concurrency * 16), o.signal);
    const variants = meshVariants(o);
    describe(o, endpoints, schedule, concurrency, variants);
    await new MeshRun(o, endpoints, nodes, variants).all(schedule, concurrency);
  } catch (e) {
    if (!o.signal.aborted) fail(o, e);
  } finally {
    await endpoints?.close().catch(() => undefined);
  }
}

function fail(o: MeshRunOptions, e: unknown): void {
  const error = toErrorData(e);
  o.doc.failures.push({ scenario: o.session.scenario, error });
  o.onEvent({ type: 'scenario-failed', scenario: o.session.scenario, error });
}

/** The suite's variants a mesh measures; the others are listed as skipped with the reason. */
function meshVariants(o: MeshRunOptions): PlannedVariant<MeasurementKind>[] {
  const kept: PlannedVariant<MeasurementKind>[] = [];
  for (const v of o.plan.variants) {
    const missing = v.requires.map((c) => o.session.supports(c)).find((s) => s !== true);
    const reason = meshSkipReason(v) ?? missing?.reason;
    if (reason === undefined) {
      kept.push(v);
      continue;
    }
    const skip = {
      scenario: o.session.scenario,
      placement: 'cross-node' as const,
      measurement: v.kind,
      variant: v.name,
      reason,
    };
    o.doc.skipped.push(skip);
    o.onEvent({ type: 'measurement-skipped', ...skip });
  }
  return kept;
}

/** Records the mesh's shape with the scenario and tells the user what is about to run. */
function describe(
  o: MeshRunOptions,
  m: MeshEndpoints,
  s: MeshSchedule,
  concurrency: number,
  variants: readonly PlannedVariant[],
): void {
  const entry = o.doc.scenarios.findLast((x) => x.name === o.session.scenario);
  const facts = {
    ...m.environment,
    mesh_nodes: s.nodes,
    mesh_tests: s.tests,
    mesh_rounds: s.rounds.length,
    mesh_concurrency: concurrency,
    mesh_sampled: s.sampled,
    ...(m.excluded.length > 0
      ? { mesh_excluded: m.excluded.map((x) => `${x.node}: ${x.reason}`).join('; ') }
      : {}),
  };
  if (entry !== undefined) Object.assign(entry.environment, facts);
  for (const x of m.excluded) o.onEvent({ type: 'note', message: `mesh: ${x.node} left out: ${x.reason}` });
  const perBatch = variants.reduce((a, v) => a + v.estimateS * o.plan.repeat, PAIR_SETUP_S);
  const count = s.rounds.reduce((a, r) => a + batches(r, concurrency).length, 0);
  o.onEvent({
    type: 'note',
    message: `mesh: ${s.nodes} nodes, ${s.tests} ${s.sampled ? 'sampled ' : ''}tests in ${s.rounds.length} rounds, at most ${concurrency} at once: about ${formatDuration(count * perBatch * 1000)}`,
  });
}

/** One mesh's progress through its schedule. */
class MeshRun {
  private port = 0;
  private readonly measureOn: ScenarioSession;
  private done = 0;

  constructor(
    private readonly o: MeshRunOptions,
    private readonly m: MeshEndpoints,
    private readonly nodes: readonly MeshNode[],
    private readonly variants: readonly PlannedVariant<MeasurementKind>[],
  ) {
    this.measureOn = new MeshMeasureSession(m.session);
    o.doc.mesh ??= [];
  }

  async all(schedule: MeshSchedule, concurrency: number): Promise<void> {
    for (const [r, round] of schedule.rounds.entries()) {
      for (const batch of batches(round, concurrency)) {
        if (this.o.signal.aborted) return;
        await this.batch(batch, r + 1);
        this.done += batch.length;
        this.o.onEvent({
          type: 'note',
          message: `mesh round ${r + 1}/${schedule.rounds.length}: ${this.done}/${schedule.tests} tests done`,
        });
        await this.o.save(this.o.doc);
      }
    }
  }

  /** Prepares the batch's paths, then runs each variant on all of them at once. */
  private async batch(tests: readonly MeshTest[], round: number): Promise<void> {
    const pairs = tests.map((t) => ({ client: this.nodes[t.client]!, server: this.nodes[t.server]! }));
    const paths = await Promise.all(
      pairs.map((p) =>
        this.m
          .preparePair(p.client, p.server, this.o.signal)
          .then((path): PreparedPath | { error: unknown } => path)
          .catch((error: unknown) => ({ error })),
      ),
    );
    const results = pairs.map((p, i) =>
      this.variants.map((v) => {
        const path = paths[i]!;
        const r = newPairResult(
          this.o.session.scenario,
          'error' in path ? unpreparedPath(p.client, p.server) : path,
          v,
          p.client,
          p.server,
          round,
        );
        this.o.doc.mesh!.push(r);
        return r;
      }),
    );
    for (const [vi, variant] of this.variants.entries()) {
      for (let rep = 1; rep <= this.o.plan.repeat; rep++) {
        if (this.o.signal.aborted) return;
        await Promise.all(pairs.map((_, i) => this.test(paths[i]!, variant, rep, results[i]![vi]!)));
      }
    }
  }

  private async test(
    path: PreparedPath | { error: unknown },
    variant: PlannedVariant<MeasurementKind>,
    rep: number,
    result: MeshPairResult,
  ): Promise<void> {
    if ('error' in path) return recordPairRepetition(this.o.doc, result, failedRepetition(rep, path.error));
    const ports = this.measureOn.ports ?? { first: BASE_PORT, count: 5000 };
    this.port = (this.port + 1) % ports.count;
    const r = await runRepetition({
      session: this.measureOn,
      path,
      variant,
      index: rep,
      port: ports.first + this.port,
      timing: this.o.plan.timing,
      signal: this.o.signal,
    });
    if (r !== undefined) recordPairRepetition(this.o.doc, result, r);
  }
}
