import type { SuiteSpec } from '../config/schema.js';
import type { PlannedVariant, Timing } from '../measure/measurement.js';
import { measurementFor, type MeasurementKind } from '../measure/registry.js';
import { CnibenchError } from '../model/errors.js';
import type { Placement } from '../model/placement.js';
import type { AdaptivePolicy } from '../stats/adaptive.js';
import type { ScenarioRef } from '../targets/target.js';
import type { MeshOptions } from './mesh-schedule.js';
import { variantsOnNetworks } from './networks.js';

/** A scenario of the run, and why it cannot run here when the target knows that up front. */
export interface PlannedScenario {
  ref: ScenarioRef;
  /** Set when the machine cannot run it (lab: a kernel feature); `failed` when it was asked for by name. */
  unsupported?: { reason: string; asked: boolean };
}

export interface RunPlan {
  scenarios: PlannedScenario[];
  placements: Placement[];
  /** Every measurement variant, its parameters bound; repeated on every placement it runs on. */
  variants: PlannedVariant<MeasurementKind>[];
  timing: Timing;
  repeat: number;
  /** `--repeat auto`: repeat each measurement until this policy says stop (`repeat` is then its cap). */
  adaptive?: AdaptivePolicy;
  /** Setup time assumed per scenario and per placement, for the ETA. */
  scenarioSetupS: number;
  pathSetupS: number;
  /** `run --mesh`: each scenario is measured as a mesh of node pairs (engine/mesh.ts). */
  mesh?: MeshOptions;
}

/** Run-level settings that win over the suite's (from the command line, validated there). */
export interface PlanOverrides {
  repeat?: number;
  durationS?: number;
  adaptive?: AdaptivePolicy;
  mesh?: MeshOptions;
  /** The target's own set-up times (TargetProvider.overheads), for the ETA. */
  overheads?: { scenarioS: number; pathS: number; repetitionS: number };
}

/** Expands a suite into measurement variants over the run's scenarios. */
export function makeRunPlan(
  scenarios: PlannedScenario[],
  suite: SuiteSpec,
  overrides: PlanOverrides = {},
): RunPlan {
  const timing: Timing = { durationS: overrides.durationS ?? suite.duration, warmupS: suite.warmup };
  const perRep = overrides.overheads?.repetitionS ?? 0;
  const variants = suite.measurements.flatMap((spec): PlannedVariant<MeasurementKind>[] => {
    const m = measurementFor(spec.kind);
    if (m === undefined) throw new CnibenchError('INTERNAL', `no measurement ${spec.kind}`);
    return m.plan(spec, timing).map((v) => ({ ...v, estimateS: v.estimateS + perRep }));
  });
  const onNetworks = variantsOnNetworks(variants, suite.networks ?? ['primary']);
  return {
    scenarios,
    placements: suite.placements,
    variants: onNetworks,
    timing,
    repeat: overrides.repeat ?? suite.repeat,
    ...(overrides.adaptive ? { adaptive: overrides.adaptive } : {}),
    ...(overrides.mesh ? { mesh: overrides.mesh } : {}),
    scenarioSetupS: overrides.overheads?.scenarioS ?? 1.5,
    pathSetupS: overrides.overheads?.pathS ?? 0.3,
  };
}

/** Whether a variant runs on a placement (specs may narrow their placements, e.g. `services`). */
export function runsOn(v: PlannedVariant, placement: Placement): boolean {
  return v.placements === undefined || v.placements.includes(placement);
}

/** Estimated seconds of one placement of one scenario, and its repetitions. */
export function placementEstimate(
  plan: RunPlan,
  placement: Placement,
): { seconds: number; repetitions: number } {
  const vs = plan.variants.filter((v) => runsOn(v, placement));
  return {
    seconds: plan.pathSetupS + vs.reduce((a, v) => a + v.estimateS * plan.repeat, 0),
    repetitions: vs.length * plan.repeat,
  };
}

/** Estimated seconds of one scenario. */
export function scenarioEstimate(plan: RunPlan): number {
  return plan.placements.reduce((a, p) => a + placementEstimate(plan, p).seconds, plan.scenarioSetupS);
}

/** Estimated seconds for the whole plan. */
export function estimatePlan(plan: RunPlan): number {
  return plan.scenarios.filter((s) => s.unsupported === undefined).length * scenarioEstimate(plan);
}
