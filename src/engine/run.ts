import { toErrorData, type ErrorData } from '../errors.js';
import type { ScenarioConfig } from '../config/schema.js';
import type { Placement } from '../measure/placement.js';
import type { MeasurementResult, Repetition, ResultDocument } from '../results/schema.js';
import { summarizeResult } from '../results/summarize.js';
import type { PreparedPath, Target } from '../targets/target.js';
import type { RunEvent } from './events.js';
import { runsOn, type PlannedMeasurement, type RunPlan } from './plan.js';
import { Clock } from './clock.js';
import { headline } from './headline.js';
import { needMoreRepetitions } from '../stats/adaptive.js';

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
 * goes on; an abort stops it after the current step, keeping everything finished so far.
 */
export async function runEngine(o: EngineOptions): Promise<ResultDocument> {
  const { plan, doc, target } = o;
  const clock = new Clock(plan);
  o.onEvent({
    type: 'run-start',
    runId: doc.run.id,
    totalSeconds: clock.remaining(),
    totalRepetitions: clock.totalReps,
  });
  let port = 0;
  for (const scenario of plan.scenarios) {
    if (o.signal.aborted) break;
    o.onEvent({ type: 'scenario-start', scenario: scenario.name });
    const entry = {
      name: scenario.name,
      target: scenario.target,
      config: { ...scenario },
      environment: {},
      status: 'ok' as const,
      unsupportedPlacements: [],
    };
    doc.scenarios.push(entry);
    try {
      entry.environment = await target.prepareScenario(scenario, o.signal);
    } catch (e) {
      const error = toErrorData(e);
      doc.scenarios[doc.scenarios.length - 1] = { ...entry, status: 'failed', error };
      doc.failures.push({ scenario: scenario.name, error });
      o.onEvent({ type: 'scenario-failed', scenario: scenario.name, error });
      clock.skipScenario();
      await safe(() => target.teardownScenario(), o);
      continue;
    }
    const { supported, unsupported } = target.placements();
    for (const placement of plan.suite.placements) {
      if (o.signal.aborted) break;
      const why = unsupported.find((u) => u.placement === placement)?.reason;
      if (!supported.includes(placement)) {
        const reason = why ?? `the ${target.kind} target does not offer ${placement}`;
        doc.scenarios[doc.scenarios.length - 1]!.unsupportedPlacements.push({ placement, reason });
        o.onEvent({ type: 'placement-skipped', scenario: scenario.name, placement, reason });
        clock.skipPlacement(placement);
        continue;
      }
      let path: PreparedPath;
      try {
        path = await target.preparePath(placement, o.signal);
      } catch (e) {
        if (o.signal.aborted) break;
        const error = toErrorData(e);
        doc.failures.push({ scenario: scenario.name, placement, error });
        o.onEvent({ type: 'path-failed', scenario: scenario.name, placement, error });
        clock.skipPlacement(placement);
        continue;
      }
      for (const pm of plan.measurements.filter((m) => runsOn(m, placement))) {
        if (o.signal.aborted) break;
        const result = newResult(scenario, placement, pm, path);
        doc.results.push(result);
        for (let rep = 1; rep <= plan.repeat; rep++) {
          if (o.signal.aborted) break;
          o.onEvent({
            type: 'repetition-start',
            scenario: scenario.name,
            placement,
            measurement: pm.spec.kind,
            variant: pm.variant.name,
            repetition: rep,
            repetitions: plan.repeat,
            doneSeconds: clock.elapsed(),
            remainingSeconds: clock.remaining(),
          });
          port = (port + 1) % (target.ports?.count ?? 5000);
          const r = await runRepetition(o, pm, path, rep, (target.ports?.first ?? BASE_PORT) + port);
          clock.doneRep(pm.estimateS);
          if (!r) break; // interrupted: the unfinished repetition is not kept
          result.repetitions.push(r);
          result.summaries = summarizeResult(result);
          if (r.status === 'failed' && r.error) {
            doc.failures.push({
              scenario: scenario.name,
              placement,
              measurement: pm.spec.kind,
              variant: pm.variant.name,
              repetition: rep,
              error: r.error as ErrorData,
            });
          }
          o.onEvent({
            type: 'repetition-end',
            ok: r.status === 'ok',
            headline: headline(pm.spec.kind, r),
            ...(r.error ? { error: r.error as ErrorData } : {}),
          });
          const enough = plan.adaptive ? needMoreRepetitions(result.repetitions, plan.adaptive) : undefined;
          if (enough && !enough.more)
            r.notes.push(
              `--repeat auto: stopped after ${result.repetitions.length} repetitions: ${enough.message}`,
            );
          await o.save(doc);
          if (enough && !enough.more) break;
        }
      }
      clock.donePlacement(placement);
    }
    await safe(() => target.teardownScenario(), o);
  }
  return doc;
}

async function runRepetition(
  o: EngineOptions,
  pm: PlannedMeasurement,
  path: PreparedPath,
  index: number,
  port: number,
): Promise<Repetition | undefined> {
  const startedAt = new Date();
  const probe = await o.target.startResourceProbe(path).catch(() => undefined);
  const outcome = await pm.measurement
    .run(
      {
        target: o.target,
        path,
        durationS: o.plan.durationS,
        warmupS: o.plan.warmupS,
        port,
        signal: o.signal,
      },
      pm.variant,
    )
    .catch((e: unknown) => ({ status: 'failed' as const, error: toErrorData(e), raw: [] }));
  const resources = await probe?.stop().catch(() => undefined);
  if (o.signal.aborted) return undefined;
  const base = {
    index,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    raw: outcome.raw,
    series: [],
    notes: [],
  };
  if (outcome.status === 'failed')
    return {
      ...base,
      status: 'failed',
      metrics: {},
      error: outcome.error,
      ...(resources ? { resources } : {}),
    };
  const metrics = { ...outcome.metrics };
  if (path.pathMtu !== undefined && Number.isFinite(path.pathMtu)) metrics.path_mtu = path.pathMtu;
  return {
    ...base,
    status: 'ok',
    metrics,
    ...(outcome.samples ? { samples: outcome.samples } : {}),
    series: outcome.series ?? [],
    notes: outcome.notes ?? [],
    ...(resources ? { resources } : {}),
  };
}

function newResult(
  scenario: ScenarioConfig,
  placement: Placement,
  pm: PlannedMeasurement,
  path: PreparedPath,
): MeasurementResult {
  return {
    scenario: scenario.name,
    placement,
    measurement: pm.spec.kind,
    variant: pm.variant.name,
    parameters: pm.variant.parameters,
    tool: pm.measurement.tool,
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

async function safe(f: () => Promise<void>, o: EngineOptions): Promise<void> {
  try {
    await f();
  } catch (e) {
    o.onEvent({ type: 'note', message: `cleanup step failed: ${(e as Error).message}` });
  }
}
