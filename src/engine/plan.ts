import type { MeasurementSpec, ScenarioConfig, SuiteSpec } from '../config/schema.js';
import type { Measurement, Variant } from '../measure/measurement.js';
import { measurementFor } from '../measure/registry.js';
import { parseDuration } from '../util/units.js';
import type { Placement } from '../measure/placement.js';
import type { AdaptivePolicy } from '../stats/adaptive.js';

/** One measurement variant to repeat on every placement of every scenario. */
export interface PlannedMeasurement {
  spec: MeasurementSpec;
  measurement: Measurement<MeasurementSpec>;
  variant: Variant;
  estimateS: number;
}

export interface RunPlan {
  scenarios: ScenarioConfig[];
  suite: SuiteSpec;
  durationS: number;
  warmupS: number;
  repeat: number;
  /** `--repeat auto`: repeat each measurement until this policy says stop (`repeat` is then its cap). */
  adaptive?: AdaptivePolicy;
  measurements: PlannedMeasurement[];
  /** Setup time assumed per scenario and per placement, for the ETA. */
  scenarioSetupS: number;
  pathSetupS: number;
}

export function makeRunPlan(
  scenarios: ScenarioConfig[],
  suite: SuiteSpec,
  overrides: { repeat?: number; durationS?: number; adaptive?: AdaptivePolicy },
): RunPlan {
  const durationS = overrides.durationS ?? parseDuration(suite.duration, 'suite duration') / 1000;
  const warmupS = parseDuration(suite.warmup, 'suite warmup') / 1000;
  const measurements: PlannedMeasurement[] = [];
  for (const spec of suite.measurements) {
    const m = measurementFor(spec.kind) as Measurement<MeasurementSpec>;
    for (const variant of m.variants(spec)) {
      measurements.push({
        spec,
        measurement: m,
        variant,
        estimateS: m.estimateSeconds(spec, variant, durationS, warmupS),
      });
    }
  }
  return {
    scenarios,
    suite,
    durationS,
    warmupS,
    repeat: overrides.repeat ?? suite.repeat,
    ...(overrides.adaptive ? { adaptive: overrides.adaptive } : {}),
    measurements,
    scenarioSetupS: 1.5,
    pathSetupS: 0.3,
  };
}

/** Whether a measurement runs on a placement (specs may narrow their placements, e.g. `services`). */
export function runsOn(pm: PlannedMeasurement, placement: Placement): boolean {
  return !('placements' in pm.spec) || pm.spec.placements.includes(placement);
}

/** Estimated seconds of one placement of one scenario, and its repetitions. */
export function placementEstimate(
  plan: RunPlan,
  placement: Placement,
): { seconds: number; repetitions: number } {
  const ms = plan.measurements.filter((m) => runsOn(m, placement));
  return {
    seconds: plan.pathSetupS + ms.reduce((a, m) => a + m.estimateS * plan.repeat, 0),
    repetitions: ms.length * plan.repeat,
  };
}

/** Estimated seconds for the whole plan. */
export function estimatePlan(plan: RunPlan): number {
  const perScenario = plan.suite.placements.reduce(
    (a, p) => a + placementEstimate(plan, p).seconds,
    plan.scenarioSetupS,
  );
  return plan.scenarios.length * perScenario;
}
