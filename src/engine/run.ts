import { CnibenchError, toErrorData, type ErrorData } from '../model/errors.js';
import type { Placement } from '../model/placement.js';
import type { PlannedVariant } from '../measure/measurement.js';
import type { MeasurementKind } from '../measure/registry.js';
import type { MeasurementResult, Repetition, ResultDocument, ScenarioResult } from '../results/schema.js';
import { summarizeResult } from '../results/summarize.js';
import { needMoreRepetitions } from '../stats/adaptive.js';
import type { PreparedPath, ScenarioSession, Target } from '../targets/target.js';
import { Clock } from './clock.js';
import type { RunEvent } from './events.js';
import { headline } from './headline.js';
import { runsOn, type PlannedScenario, type RunPlan } from './plan.js';
import { runRepetition } from './repetition.js';

export interface EngineOptions {
  target: Target;
  plan: RunPlan;
  doc: ResultDocument;
  signal: AbortSignal;
  onEvent: (e: RunEvent) => void;
  /** Persists the document after every repetition (partial results survive a crash). */
  save: (doc: ResultDocument) => Promise<void>;
}

const BASE_PORT = 20000;

/**
 * Runs scenarios x placements x measurements x repetitions. Failures are recorded and the run
 * goes on; what a scenario cannot do is skipped with the reason; an abort stops the run after
 * the current step, keeping everything finished so far.
 */
export async function runEngine(o: EngineOptions): Promise<ResultDocument> {
  const run = new EngineRun(o);
  run.start();
  for (const scenario of o.plan.scenarios) {
    if (o.signal.aborted) break;
    const session = await run.open(scenario);
    if (session === undefined) continue;
    await run.measureScenario(session);
    await run.close(session);
  }
  return o.doc;
}

/** One run's progress through its plan: each step records what it did in the document. */
class EngineRun {
  private readonly clock: Clock;
  private port = 0;

  constructor(private readonly o: EngineOptions) {
    this.clock = new Clock(o.plan);
  }

  start(): void {
    this.o.onEvent({
      type: 'run-start',
      runId: this.o.doc.run.id,
      totalSeconds: this.clock.remaining(),
      totalRepetitions: this.clock.totalReps,
    });
  }

  /** Builds a scenario; records its environment, or why it was skipped or failed. */
  async open(planned: PlannedScenario): Promise<ScenarioSession | undefined> {
    const { ref, unsupported } = planned;
    const entry: ScenarioResult = {
      name: ref.name,
      target: this.o.doc.run.target,
      config: { ...ref },
      environment: {},
      status: 'ok',
      unsupportedPlacements: [],
    };
    if (unsupported !== undefined && !unsupported.asked) {
      this.o.doc.scenarios.push({
        ...entry,
        status: 'skipped',
        error: { code: 'PROFILE_UNSUPPORTED', message: unsupported.reason },
      });
      this.o.onEvent({ type: 'note', message: `skipping scenario ${ref.name}: ${unsupported.reason}` });
      return undefined;
    }
    this.o.onEvent({ type: 'scenario-start', scenario: ref.name });
    try {
      const session = await this.o.target.openScenario(ref, this.o.signal);
      this.clock.openedScenario();
      this.o.doc.scenarios.push({ ...entry, environment: session.environment });
      return session;
    } catch (e) {
      const error = toErrorData(e);
      this.o.doc.scenarios.push({ ...entry, status: 'failed', error });
      this.o.doc.failures.push({ scenario: ref.name, error });
      this.o.onEvent({ type: 'scenario-failed', scenario: ref.name, error });
      this.clock.skipScenario();
      return undefined;
    }
  }

  async measureScenario(session: ScenarioSession): Promise<void> {
    const { supported, unsupported } = session.placements();
    for (const placement of this.o.plan.placements) {
      if (this.o.signal.aborted) return;
      if (!supported.includes(placement)) {
        const reason =
          unsupported.find((u) => u.placement === placement)?.reason ?? `${placement} is not offered`;
        this.skipPlacement(session.scenario, placement, reason);
        continue;
      }
      const path = await this.preparePath(session, placement);
      if (path === undefined) continue;
      for (const variant of this.o.plan.variants.filter((v) => runsOn(v, placement))) {
        if (this.o.signal.aborted) return;
        await this.measureVariant(session, path, variant);
      }
      this.clock.donePlacement(placement);
    }
  }

  async close(session: ScenarioSession): Promise<void> {
    try {
      await session.close();
    } catch (e) {
      this.o.onEvent({ type: 'note', message: `cleanup step failed: ${(e as Error).message}` });
    }
  }

  private skipPlacement(scenario: string, placement: Placement, reason: string): void {
    this.scenarioEntry(scenario)?.unsupportedPlacements.push({ placement, reason });
    this.o.onEvent({ type: 'placement-skipped', scenario, placement, reason });
    this.clock.skipPlacement(placement);
  }

  private async preparePath(
    session: ScenarioSession,
    placement: Placement,
  ): Promise<PreparedPath | undefined> {
    try {
      return await session.preparePath(placement, this.o.signal);
    } catch (e) {
      if (this.o.signal.aborted) return undefined;
      const error = toErrorData(e);
      this.o.doc.failures.push({ scenario: session.scenario, placement, error });
      this.o.onEvent({ type: 'path-failed', scenario: session.scenario, placement, error });
      if (error.code === 'TARGET_LOST') throw e; // the run ends; it is saved as failed
      this.clock.skipPlacement(placement);
      return undefined;
    }
  }

  /** The repetitions of one variant on one path, or its skip when the scenario lacks what it needs. */
  private async measureVariant(
    session: ScenarioSession,
    path: PreparedPath,
    variant: PlannedVariant<MeasurementKind>,
  ): Promise<void> {
    const missing = variant.requires.map((c) => session.supports(c)).find((s) => s !== true);
    if (missing !== undefined) {
      const skip = {
        scenario: session.scenario,
        placement: path.placement,
        measurement: variant.kind,
        variant: variant.name,
        reason: missing.reason,
      };
      this.o.doc.skipped.push(skip);
      this.o.onEvent({ type: 'measurement-skipped', ...skip });
      for (let i = 0; i < this.o.plan.repeat; i++) this.clock.doneRep(variant.estimateS);
      return;
    }
    const result = newResult(session.scenario, path, variant);
    this.o.doc.results.push(result);
    for (let rep = 1; rep <= this.o.plan.repeat; rep++) {
      if (this.o.signal.aborted) return;
      const r = await this.repetition(session, path, variant, rep);
      if (r === undefined) return; // interrupted: the unfinished repetition is not kept
      const stop = this.record(result, r, variant, rep);
      await this.o.save(this.o.doc);
      // the cluster is gone: the run ends here and is saved as failed
      if (r.error?.code === 'TARGET_LOST')
        throw new CnibenchError('TARGET_LOST', r.error.message, lostHint(r));
      if (stop) return;
    }
  }

  private async repetition(
    session: ScenarioSession,
    path: PreparedPath,
    variant: PlannedVariant,
    rep: number,
  ): Promise<Repetition | undefined> {
    this.o.onEvent({
      type: 'repetition-start',
      scenario: session.scenario,
      placement: path.placement,
      measurement: variant.kind,
      variant: variant.name,
      repetition: rep,
      repetitions: this.o.plan.repeat,
      doneSeconds: this.clock.elapsed(),
      remainingSeconds: this.clock.remaining(),
    });
    const ports = session.ports ?? { first: BASE_PORT, count: 5000 };
    this.port = (this.port + 1) % ports.count;
    const r = await runRepetition({
      session,
      path,
      variant,
      index: rep,
      port: ports.first + this.port,
      timing: this.o.plan.timing,
      signal: this.o.signal,
    });
    this.clock.doneRep(variant.estimateS);
    return r;
  }

  /** Adds a repetition to its result; true when `--repeat auto` has enough. */
  private record(result: MeasurementResult, r: Repetition, variant: PlannedVariant, rep: number): boolean {
    result.repetitions.push(r);
    result.summaries = summarizeResult(result);
    if (r.status === 'failed' && r.error) {
      this.o.doc.failures.push({
        scenario: result.scenario,
        placement: result.placement,
        measurement: variant.kind,
        variant: variant.name,
        repetition: rep,
        error: r.error as ErrorData,
      });
    }
    this.o.onEvent({
      type: 'repetition-end',
      ok: r.status === 'ok',
      headline: headline(variant.kind, r),
      ...(r.error ? { error: r.error as ErrorData } : {}),
    });
    const adaptive = this.o.plan.adaptive;
    if (adaptive === undefined) return false;
    const enough = needMoreRepetitions(result.repetitions, adaptive);
    if (enough.more) return false;
    r.notes.push(`--repeat auto: stopped after ${result.repetitions.length} repetitions: ${enough.message}`);
    return true;
  }

  private scenarioEntry(name: string): ScenarioResult | undefined {
    return this.o.doc.scenarios.findLast((s) => s.name === name);
  }
}

function lostHint(r: Repetition): { hint?: string } {
  return typeof r.error?.hint === 'string' ? { hint: r.error.hint } : {};
}

function newResult(
  scenario: string,
  path: PreparedPath,
  variant: PlannedVariant<MeasurementKind>,
): MeasurementResult {
  return {
    scenario,
    placement: path.placement,
    measurement: variant.kind,
    variant: variant.name,
    parameters: variant.parameters,
    tool: variant.tool,
    path: {
      client: path.client,
      server: path.server,
      serverAddress: path.serverAddress,
      ...(path.pathMtu !== undefined && Number.isFinite(path.pathMtu) ? { pathMtu: path.pathMtu } : {}),
    },
    repetitions: [],
    summaries: [],
  };
}
