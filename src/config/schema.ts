import { z } from 'zod';
import { durationField, nameField } from '../model/fields.js';
import { PLACEMENTS } from '../model/placement.js';
import { NETWORKS } from '../model/network.js';
import { MeasurementSpec } from '../measure/registry.js';
import { ScenarioConfig, TargetKindSchema, targetSettingsShape } from '../targets/registry.js';

export { ScenarioConfig } from '../targets/registry.js';
export { MeasurementSpec } from '../measure/registry.js';

/** Bounds on a config's lists: far above any real one, low enough that any file is checked at once. */
export const MAX_SCENARIOS = 64;
export const MAX_SUITES = 64;
export const MAX_MEASUREMENTS = 64;

/** A suite: measurements with their parameters, repetitions, durations and placements. */
export const SuiteSpec = z.strictObject({
  description: z.string().max(1000).optional(),
  repeat: z.number().int().min(1).max(1000).default(3),
  /** Measured seconds per repetition (after the warm-up); `10`, `10s`, `500ms`. */
  duration: durationField({ positive: true }).default(10),
  /** Warm-up seconds left out of throughput figures (TCP slow start). */
  warmup: durationField().default(2),
  placements: z.array(z.enum(PLACEMENTS)).min(1).default(['same-node', 'cross-node', 'host']),
  measurements: z.array(MeasurementSpec).min(1).max(MAX_MEASUREMENTS),
  /** Networks every measurement runs over: `secondary` adds a variant over the pods' second interface. */
  networks: z.array(z.enum(NETWORKS)).min(1).optional(),
});
export type SuiteSpec = z.infer<typeof SuiteSpec>;

/**
 * The config file (docs/configuration.md). Validated once, at the boundary; the targets'
 * sections and scenario kinds come from the target registry.
 */
export const ConfigFile = z.strictObject({
  version: z.literal(1).default(1),
  target: TargetKindSchema.optional(),
  ...targetSettingsShape(),
  scenarios: z.array(ScenarioConfig).max(MAX_SCENARIOS).default([]),
  suites: z
    .record(nameField, SuiteSpec)
    .refine((s) => Object.keys(s).length <= MAX_SUITES, `at most ${MAX_SUITES} suites`)
    .default({}),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
