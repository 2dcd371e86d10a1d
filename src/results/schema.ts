import { z } from 'zod';
import { PLACEMENTS } from '../model/placement.js';
import { MeasurementKindSchema } from '../measure/registry.js';
import { TargetKindSchema } from '../targets/registry.js';
import { ErrorDataSchema as ErrorData } from '../model/errors.js';
import { RawOutput } from '../model/raw-output.js';
import { ResourceUsage } from '../model/resources.js';
import { Series } from '../model/series.js';
import { Summary } from '../model/summary.js';
import { boundedName as name, boundedRecord } from '../model/bounds.js';

/** Bumped on any incompatible change; readers refuse documents of another major version. */
export const RESULT_SCHEMA = 'cnibench.result/v1';

export const Repetition = z.object({
  index: z.number().int().min(1),
  startedAt: z.string(),
  durationMs: z.number(),
  status: z.enum(['ok', 'failed']),
  metrics: z.record(name, z.number()),
  /** Raw per-event samples (e.g. latencies) that percentiles are merged from. */
  samples: z.record(name, z.array(z.number())).optional(),
  series: z.array(Series).default([]),
  resources: ResourceUsage.optional(),
  error: ErrorData.optional(),
  notes: z.array(z.string()).default([]),
  raw: z.array(RawOutput),
  /** Position of this repetition in the run (1, 2, ...): the order scenarios were measured in. */
  seq: z.number().int().min(1).optional(),
});
export type Repetition = z.infer<typeof Repetition>;

const EndpointData = z.object({ id: name, node: name, address: name, mtu: z.number().optional() });

export const MeasurementResult = z.object({
  scenario: name,
  placement: z.enum(PLACEMENTS),
  measurement: MeasurementKindSchema,
  variant: name,
  parameters: z.record(name, z.union([z.string(), z.number(), z.boolean()])),
  tool: name,
  path: z
    .object({ client: EndpointData, server: EndpointData, serverAddress: z.string(), pathMtu: z.number().optional() })
    .optional(),
  repetitions: z.array(Repetition),
  summaries: z.array(Summary),
});
export type MeasurementResult = z.infer<typeof MeasurementResult>;

/**
 * One ordered node pair of a mesh run (`run --mesh`): a cross-node result between the client
 * pod on `client_node` and the server pod on `server_node`. Kept apart from `results` (in the
 * document's `mesh`), so that tables of placements are not flooded with one row per pair.
 */
export const MeshPairResult = MeasurementResult.extend({
  client_node: z.string(),
  server_node: z.string(),
  client_zone: z.string().optional(),
  server_zone: z.string().optional(),
  /** The schedule's round (1-based); the tests of one round share no node. */
  round: z.number().int().min(1),
});
export type MeshPairResult = z.infer<typeof MeshPairResult>;

export const ScenarioResult = z.object({
  name,
  target: TargetKindSchema,
  config: boundedRecord(),
  environment: z.record(name, z.union([z.string(), z.number(), z.boolean(), z.null()])),
  status: z.enum(['ok', 'failed', 'skipped']),
  error: ErrorData.optional(),
  unsupportedPlacements: z.array(z.object({ placement: name, reason: z.string() })).default([]),
});
export type ScenarioResult = z.infer<typeof ScenarioResult>;

export const Failure = z.object({
  scenario: name,
  placement: name.optional(),
  measurement: name.optional(),
  variant: name.optional(),
  repetition: z.number().optional(),
  error: ErrorData,
});
export type Failure = z.infer<typeof Failure>;

/** A measurement that could not run somewhere, and why (a capability the scenario lacks). */
export const Skip = z.object({
  scenario: name,
  placement: name.optional(),
  measurement: name.optional(),
  variant: name.optional(),
  reason: z.string(),
});
export type Skip = z.infer<typeof Skip>;

/**
 * Where a document's data came from when cnibench did not measure it itself (`cnibench import`):
 * the format, the files read (with their SHA-256), when, and what in them had no cnibench mapping.
 */
export const Provenance = z.object({
  kind: z.literal('imported'),
  source: z.enum(['iperf3-json', 'iperf3-text', 'k8s-netperf', 'knb']),
  files: z.array(z.object({ path: z.string(), sha256: z.string() })),
  importedAt: z.string(),
  /** Figures and tests of the source that have no cnibench metric or placement, kept in words. */
  notes: z.array(z.string()).default([]),
});
export type Provenance = z.infer<typeof Provenance>;

/** How the run ordered its scenarios' repetitions (docs/statistics.md, "Interleaving"). */
export const Schedule = z.object({
  /** `interleaved`: a group's scenarios alternate repetitions; `blocks`: one scenario after another. */
  mode: z.enum(['interleaved', 'blocks', 'mixed']),
  pattern: z.string(),
  groups: z.array(z.object({ scenarios: z.array(z.string()), why: z.string() })),
});
export type Schedule = z.infer<typeof Schedule>;

export const ResultDocument = z.object({
  schema: z.literal(RESULT_SCHEMA),
  tool: z.object({ name: z.literal('cnibench'), version: z.string() }),
  run: z.object({
    id: name,
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    status: z.enum(['running', 'complete', 'interrupted', 'failed']),
    target: TargetKindSchema,
    suite: name,
    parameters: boundedRecord(),
    host: z.record(name, z.union([z.string(), z.number()])),
    command: z.array(z.string()),
    /** How the scenarios' repetitions were ordered (absent in files of older versions). */
    schedule: Schedule.optional(),
    /** Absent for runs cnibench measured; set by `cnibench import`. */
    provenance: Provenance.optional(),
  }),
  scenarios: z.array(ScenarioResult),
  results: z.array(MeasurementResult),
  failures: z.array(Failure),
  /** Measurements skipped with their reason; not failures. */
  skipped: z.array(Skip).default([]),
  /** Node-pair results of a mesh run (`run --mesh`); absent otherwise. */
  mesh: z.array(MeshPairResult).optional(),
});
export type ResultDocument = z.infer<typeof ResultDocument>;
