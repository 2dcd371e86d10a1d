import { z } from 'zod';
import { PLACEMENTS, MEASUREMENT_KINDS } from '../measure/placement.js';

/** Bumped on any incompatible change; readers refuse documents of another major version. */
export const RESULT_SCHEMA = 'cnibench.result/v1';

const ErrorData = z.object({ code: z.string(), message: z.string(), hint: z.string().optional() });

export const RawOutput = z.object({
  role: z.string(),
  command: z.array(z.string()),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean().default(false),
  stdout: z.string(),
  stderr: z.string(),
  durationMs: z.number(),
});
export type RawOutput = z.infer<typeof RawOutput>;

export const Series = z.object({
  metric: z.string(),
  unit: z.string(),
  /** [seconds since start, value] */
  points: z.array(z.tuple([z.number(), z.number()])),
});
export type Series = z.infer<typeof Series>;

export const ResourceUsage = z.object({
  metrics: z.record(z.string(), z.object({ value: z.number(), unit: z.string() })),
  absent: z.array(z.string()),
  source: z.string(),
});

export const Repetition = z.object({
  index: z.number().int().min(1),
  startedAt: z.string(),
  durationMs: z.number(),
  status: z.enum(['ok', 'failed']),
  metrics: z.record(z.string(), z.number()),
  /** Raw per-event samples (e.g. latencies) that percentiles are merged from. */
  samples: z.record(z.string(), z.array(z.number())).optional(),
  series: z.array(Series).default([]),
  resources: ResourceUsage.optional(),
  error: ErrorData.optional(),
  notes: z.array(z.string()).default([]),
  raw: z.array(RawOutput),
});
export type Repetition = z.infer<typeof Repetition>;

export const Summary = z.object({
  metric: z.string(),
  unit: z.string(),
  better: z.enum(['higher', 'lower', 'none']),
  n: z.number().int(),
  median: z.number(),
  min: z.number(),
  max: z.number(),
  q1: z.number(),
  q3: z.number(),
  ci_low: z.number(),
  ci_high: z.number(),
  /** Confidence level the interval actually has (small n cannot reach 95%). */
  ci_level: z.number(),
  /** How the interval was computed (docs/statistics.md): bootstrap from n >= 10, order statistics below. */
  ci_method: z.enum(['bootstrap', 'order-statistic']).optional(),
  /** Where `median` comes from: the repetitions' values, or a percentile of their merged raw samples. */
  source: z.enum(['repetitions', 'merged-samples']).optional(),
  /** Number of raw samples merged, when `source` is merged-samples. */
  samples: z.number().int().optional(),
  /** Repetition values beyond Tukey's fences (1.5 interquartile ranges). */
  outliers: z.array(z.number()).optional(),
});
export type Summary = z.infer<typeof Summary>;

const EndpointData = z.object({ id: z.string(), node: z.string(), address: z.string(), mtu: z.number().optional() });

export const MeasurementResult = z.object({
  scenario: z.string(),
  placement: z.enum(PLACEMENTS),
  measurement: z.enum(MEASUREMENT_KINDS),
  variant: z.string(),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  tool: z.string(),
  path: z
    .object({ client: EndpointData, server: EndpointData, serverAddress: z.string(), pathMtu: z.number().optional() })
    .optional(),
  repetitions: z.array(Repetition),
  summaries: z.array(Summary),
});
export type MeasurementResult = z.infer<typeof MeasurementResult>;

export const ScenarioResult = z.object({
  name: z.string(),
  target: z.enum(['lab', 'kubernetes']),
  config: z.record(z.string(), z.unknown()),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  status: z.enum(['ok', 'failed', 'skipped']),
  error: ErrorData.optional(),
  unsupportedPlacements: z.array(z.object({ placement: z.string(), reason: z.string() })).default([]),
});
export type ScenarioResult = z.infer<typeof ScenarioResult>;

export const Failure = z.object({
  scenario: z.string(),
  placement: z.string().optional(),
  measurement: z.string().optional(),
  variant: z.string().optional(),
  repetition: z.number().optional(),
  error: ErrorData,
});
export type Failure = z.infer<typeof Failure>;

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

export const ResultDocument = z.object({
  schema: z.literal(RESULT_SCHEMA),
  tool: z.object({ name: z.literal('cnibench'), version: z.string() }),
  run: z.object({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    status: z.enum(['running', 'complete', 'interrupted', 'failed']),
    target: z.enum(['lab', 'kubernetes']),
    suite: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    host: z.record(z.string(), z.union([z.string(), z.number()])),
    command: z.array(z.string()),
    /** Absent for runs cnibench measured; set by `cnibench import`. */
    provenance: Provenance.optional(),
  }),
  scenarios: z.array(ScenarioResult),
  results: z.array(MeasurementResult),
  failures: z.array(Failure),
});
export type ResultDocument = z.infer<typeof ResultDocument>;
