import type { MeasurementSpec, ScenarioConfig, SuiteSpec } from '../config/schema.js';
import type { Measurement, Variant } from '../measure/measurement.js';
import { measurementFor } from '../measure/registry.js';
import { parseDuration } from '../util/units.js';
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

/** Estimated seconds for the whole plan. */
export function estimatePlan(plan: RunPlan): number {
  const perPlacement = plan.pathSetupS + plan.measurements.reduce((a, m) => a + m.estimateS * plan.repeat, 0);
  return plan.scenarios.length * (plan.scenarioSetupS + plan.suite.placements.length * perPlacement);
}
