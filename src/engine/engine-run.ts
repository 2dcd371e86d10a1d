import { CnibenchError, toErrorData } from '../model/errors.js';
import type { Placement } from '../model/placement.js';
import type { PlannedVariant } from '../measure/measurement.js';
import type { MeasurementKind } from '../measure/registry.js';
import type { MeasurementResult, Repetition, ScenarioResult } from '../results/schema.js';
import { summarizeResult } from '../results/summarize.js';
import type { ResultDocument } from '../results/schema.js';
import type { PreparedPath, ScenarioRef, ScenarioSession, Target } from '../targets/target.js';
import type { RunPlan } from './plan.js';
import { Clock } from './clock.js';
import { headline } from './headline.js';
import { roundOrder } from './order.js';
import { placementEstimate, runsOn, type PlannedScenario } from './plan.js';
import { newResult } from './new-result.js';
import { runRepetition } from './repetition.js';
import { pathOnNetwork } from './networks.js';
import { missingCapability } from './capability-check.js';
import type { RunEvent } from './events.js';
import { stopRule } from './stop-rule.js';

const BASE_PORT = 20000;

export interface EngineOptions {
  target: Target;
  plan: RunPlan;
  doc: ResultDocument;
  signal: AbortSignal;
  onEvent: (e: RunEvent) => void;
  /** Persists the document after every repetition (partial results survive a crash). */
  save: (doc: ResultDocument) => Promise<void>;
}

/** One scenario's path on the placement being measured, and its result of the variant being repeated. */
interface Side {
  session: ScenarioSession;
  path: PreparedPath;
  result?: MeasurementResult;
}

/** One run's progress through its plan: each step records what it did in the document. */
export class EngineRun {
  private readonly clock: Clock;
  private port = 0;
  private seq = 0;

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

  /** False for a scenario this machine cannot run and nobody named: recorded as skipped with the reason. */
  admit(planned: PlannedScenario): boolean {
    const { ref, unsupported } = planned;
    if (unsupported === undefined || unsupported.asked) return true;
    this.o.doc.scenarios.push({
      ...this.entry(ref),
      status: 'skipped',
      error: { code: 'PROFILE_UNSUPPORTED', message: unsupported.reason },
    });
    this.o.onEvent({ type: 'note', message: `skipping scenario ${ref.name}: ${unsupported.reason}` });
    return false;
  }

  /** Builds a group's scenarios together; records each one's environment, or why it failed. */
  async openAll(refs: readonly ScenarioRef[]): Promise<ScenarioSession[]> {
    const opened = await Promise.all(refs.map((ref) => this.open(ref)));
    // recorded in the plan's order, whichever finished building first: the first is the baseline
    for (const o of opened) this.o.doc.scenarios.push(o.entry);
    return opened.map((o) => o.session).filter((s): s is ScenarioSession => s !== undefined);
  }

  async closeAll(sessions: readonly ScenarioSession[]): Promise<void> {
    await Promise.all(
      sessions.map((s) =>
        s.close().catch((e: unknown) => {
          this.o.onEvent({ type: 'note', message: `cleanup step failed: ${(e as Error).message}` });
        }),
      ),
    );
  }

  /**
   * Every placement and variant of a group, the scenarios' repetitions interleaved. True when
   * every step ran (false when a signal cut it short).
   */
  async measureGroup(sessions: readonly ScenarioSession[]): Promise<boolean> {
    for (const placement of this.o.plan.placements) {
      if (this.o.signal.aborted) return false;
      const sides = await this.pathsFor(sessions, placement);
      for (const variant of this.o.plan.variants.filter((v) => runsOn(v, placement))) {
        if (this.o.signal.aborted) return false;
        const capable: Side[] = [];
        for (const s of sides) if (await this.capable(s, variant)) capable.push(s);
        const whole = await this.measureVariant(await this.onNetwork(capable, variant), variant);
        if (!whole) return false;
      }
      this.clock.donePlacement(placement, sessions.length);
    }
    return true;
  }

  private async open(ref: ScenarioRef): Promise<{ entry: ScenarioResult; session?: ScenarioSession }> {
    const entry = this.entry(ref);
    this.o.onEvent({ type: 'scenario-start', scenario: ref.name });
    try {
      const session = await this.o.target.openScenario(ref, this.o.signal);
      this.clock.openedScenario();
      return { entry: { ...entry, environment: session.environment }, session };
    } catch (e) {
      const error = toErrorData(e);
      this.o.doc.failures.push({ scenario: ref.name, error });
      const dropped = this.o.plan.placements.reduce(
        (a, p) => a + placementEstimate(this.o.plan, p).repetitions,
        0,
      );
      this.o.onEvent({ type: 'scenario-failed', scenario: ref.name, error, dropped });
      this.clock.skipScenario();
      return { entry: { ...entry, status: 'failed', error } };
    }
  }

  private entry(ref: ScenarioRef): ScenarioResult {
    return {
      name: ref.name,
      target: this.o.doc.run.target,
      config: { ...ref },
      environment: {},
      status: 'ok',
      unsupportedPlacements: [],
    };
  }

  /** The path of each scenario that offers the placement; the others are recorded as skipped or failed. */
  private async pathsFor(sessions: readonly ScenarioSession[], placement: Placement): Promise<Side[]> {
    const sides: Side[] = [];
    for (const session of sessions) {
      const { supported, unsupported } = session.placements();
      if (!supported.includes(placement)) {
        const reason =
          unsupported.find((u) => u.placement === placement)?.reason ?? `${placement} is not offered`;
        this.o.doc.scenarios
          .findLast((s) => s.name === session.scenario)
          ?.unsupportedPlacements.push({ placement, reason });
        const dropped = placementEstimate(this.o.plan, placement).repetitions;
        this.o.onEvent({ type: 'placement-skipped', scenario: session.scenario, placement, reason, dropped });
        continue;
      }
      try {
        sides.push({ session, path: await session.preparePath(placement, this.o.signal) });
      } catch (e) {
        if (this.o.signal.aborted) return sides;
        const error = toErrorData(e);
        this.o.doc.failures.push({ scenario: session.scenario, placement, error });
        const dropped = placementEstimate(this.o.plan, placement).repetitions;
        this.o.onEvent({ type: 'path-failed', scenario: session.scenario, placement, error, dropped });
        if (error.code === 'TARGET_LOST') throw e; // the run ends; it is saved as failed
      }
    }
    return sides;
  }

  /** Whether a scenario offers what a variant needs; if not, the skip is recorded with the reason. */
  private async capable(side: Side, variant: PlannedVariant<MeasurementKind>): Promise<boolean> {
    const missing = await missingCapability(side.session, side.path, variant, this.o.signal);
    if (missing === undefined) return true;
    this.recordSkip(side, variant, missing.reason);
    return false;
  }

  /** A variant that will not run on a side, with its reason; its repetitions leave the progress count. */
  private recordSkip(side: Side, variant: PlannedVariant<MeasurementKind>, reason: string): void {
    const skip = {
      scenario: side.session.scenario,
      placement: side.path.placement,
      measurement: variant.kind,
      variant: variant.name,
      reason,
    };
    this.o.doc.skipped.push(skip);
    this.o.onEvent({ type: 'measurement-skipped', ...skip, dropped: this.o.plan.repeat });
  }

  /** Each side's path on the variant's network (`networks: [secondary]`); sides without one are skipped or failed. */
  private async onNetwork(sides: Side[], variant: PlannedVariant<MeasurementKind>): Promise<Side[]> {
    const out: Side[] = [];
    for (const side of sides) {
      const placement = side.path.placement;
      try {
        const path = await pathOnNetwork(side.session, side.path, variant, this.o.signal);
        if (!('reason' in path)) {
          out.push(path === side.path ? side : { session: side.session, path });
          continue;
        }
        this.recordSkip(side, variant, path.reason);
      } catch (e) {
        const error = toErrorData(e);
        this.o.doc.failures.push({ scenario: side.session.scenario, placement, error });
        this.o.onEvent({
          type: 'path-failed',
          scenario: side.session.scenario,
          placement,
          error,
          dropped: this.o.plan.repeat,
        });
      }
    }
    return out;
  }

  /** The repetitions of one variant on the scenarios' paths, in interleaved rounds; false when interrupted. */
  private async measureVariant(sides: Side[], variant: PlannedVariant<MeasurementKind>): Promise<boolean> {
    for (const side of sides) {
      side.result = newResult(side.session.scenario, side.path, variant);
      this.o.doc.results.push(side.result);
    }
    for (let rep = 1; rep <= this.o.plan.repeat && sides.length > 0; rep++) {
      for (const side of roundOrder(rep, sides)) {
        if (this.o.signal.aborted) return false;
        const r = await this.repetition(side, variant, rep);
        if (r === undefined) return false; // interrupted: the unfinished repetition is not kept
        this.record(side.result!, r, variant, rep);
        await this.o.save(this.o.doc);
        this.announce(r, variant); // after the save: a repetition reported finished is on disk
        // the cluster is gone: the run ends here and is saved as failed
        if (r.error?.code === 'TARGET_LOST')
          throw new CnibenchError('TARGET_LOST', r.error.message, lostHint(r));
      }
      if (this.enough(sides, variant)) return true;
    }
    return true;
  }

  private async repetition(
    side: Side,
    variant: PlannedVariant<MeasurementKind>,
    rep: number,
  ): Promise<Repetition | undefined> {
    this.o.onEvent({
      type: 'repetition-start',
      scenario: side.session.scenario,
      placement: side.path.placement,
      measurement: variant.kind,
      variant: variant.name,
      repetition: rep,
      repetitions: this.o.plan.repeat,
      doneSeconds: this.clock.elapsed(),
      remainingSeconds: this.clock.remaining(),
    });
    const ports = side.session.ports ?? { first: BASE_PORT, count: 5000 };
    this.port = (this.port + 1) % ports.count;
    const r = await runRepetition({
      session: side.session,
      path: side.path,
      variant,
      index: rep,
      port: ports.first + this.port,
      timing: this.o.plan.timing,
      signal: this.o.signal,
    });
    this.clock.doneRep(variant.estimateS);
    if (r !== undefined) r.seq = ++this.seq;
    return r;
  }

  /** Adds a repetition to its result (and its failure to the run's). */
  private record(result: MeasurementResult, r: Repetition, variant: PlannedVariant, rep: number): void {
    result.repetitions.push(r);
    result.summaries = summarizeResult(result);
    if (r.status === 'failed' && r.error) {
      this.o.doc.failures.push({
        scenario: result.scenario,
        placement: result.placement,
        measurement: variant.kind,
        variant: variant.name,
        repetition: rep,
        error: r.error,
      });
    }
  }

  private announce(r: Repetition, variant: PlannedVariant): void {
    this.o.onEvent({
      type: 'repetition-end',
      ok: r.status === 'ok',
      headline: headline(variant.kind, r),
      ...(r.error ? { error: r.error } : {}),
    });
  }

  /** `--repeat auto`: whether the round just finished decided (or hit the cap); the reason goes into the notes. */
  private enough(sides: readonly Side[], variant: PlannedVariant): boolean {
    const adaptive = this.o.plan.adaptive;
    if (adaptive === undefined) return false;
    const d = stopRule(
      variant.kind,
      sides.map((s) => ({ scenario: s.session.scenario, repetitions: s.result!.repetitions })),
      adaptive,
    );
    if (!d.stop) return false;
    for (const s of sides) {
      const reps = s.result!.repetitions;
      reps.at(-1)?.notes.push(`--repeat auto: stopped after ${reps.length} repetitions: ${d.message}`);
    }
    return true;
  }
}

function lostHint(r: Repetition): { hint?: string } {
  return typeof r.error?.hint === 'string' ? { hint: r.error.hint } : {};
}
