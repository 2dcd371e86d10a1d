import type { z } from 'zod';
import type { Capability } from '../model/capabilities.js';
import type { ErrorData } from '../model/errors.js';
import type { MetricCatalogue } from '../model/metrics.js';
import type { Placement } from '../model/placement.js';
import type { RawOutput } from '../model/raw-output.js';
import type { Series } from '../model/series.js';
import type { PreparedPath, ScenarioSession } from '../targets/target.js';

/** A variant's parameters: recorded in the result (`parameters`, absent ones left out). */
export type Params = Record<string, string | number | boolean | undefined>;

/** Parameters as the result document records them. */
export type RecordedParams = Record<string, string | number | boolean>;

/** One distinguishable setting of a measurement, e.g. `streams=4`, with its typed parameters. */
export interface Variant<P extends Params = Params> {
  name: string;
  params: P;
  /** Capabilities this variant needs beyond the measurement's own (e.g. a policy mode's). */
  requires?: readonly Capability[];
}

/** The suite's timing of every repetition, in seconds. */
export interface Timing {
  /** Measured seconds, after the warm-up. */
  durationS: number;
  /** Warm-up seconds excluded from the figures. */
  warmupS: number;
}

/** What one repetition needs; measurements reach the world only through `target`. */
export interface MeasureContext extends Timing {
  target: ScenarioSession;
  path: PreparedPath;
  /** A TCP/UDP port free for this repetition's server. */
  port: number;
  signal: AbortSignal;
}

/** What one repetition produced: figures named from the measurement's catalogue, or its failure. */
export type RepetitionOutcome<M extends string = string> =
  | {
      status: 'ok';
      metrics: Partial<Record<M, number>>;
      samples?: Record<string, number[]>;
      series?: Series[];
      notes?: string[];
      raw: RawOutput[];
    }
  | { status: 'failed'; error: ErrorData; raw: RawOutput[] };

/**
 * A kind of measurement (SPEC section 3), written against its own types. Implementations are
 * target-agnostic: they start servers and clients through the scenario session and parse the
 * tools' output with pure parsers. `defineMeasurement` registers it with the engine's types.
 */
export interface MeasurementDefinition<
  K extends string,
  S extends z.ZodType<{ kind: K }>,
  P extends Params,
  M extends string,
> {
  readonly kind: K;
  /** The tool that produces the figures, recorded with each result. */
  readonly tool: string;
  /** One line for docs and `--help`. */
  readonly summary: string;
  /** The suite entry's schema: `kind` and the measurement's settings, with defaults. */
  readonly spec: S;
  /** Every metric the measurement reports. */
  readonly metrics: MetricCatalogue<M>;
  /** Capabilities the scenario must offer; without one the measurement is skipped with the reason. */
  readonly requires?: readonly Capability[];
  /** Programs a variant runs at either end, for targets that check an image up front. */
  tools?(params: P): readonly string[];
  /** Placements the spec narrows the measurement to (e.g. `services`); default: the suite's. */
  placements?(spec: z.output<S>): readonly Placement[] | undefined;
  variants(spec: z.output<S>): Variant<P>[];
  /** Rough wall-clock seconds of one repetition, for the ETA. */
  estimateSeconds(params: P, timing: Timing): number;
  run(ctx: MeasureContext, params: P): Promise<RepetitionOutcome<M>>;
}

/** One planned variant, its parameters bound: what the engine repeats. */
export interface PlannedVariant<K extends string = string> {
  kind: K;
  tool: string;
  name: string;
  parameters: RecordedParams;
  estimateS: number;
  requires: readonly Capability[];
  /** Programs it runs at either end (empty when the measurement does not say). */
  tools: readonly string[];
  /** Placements this variant runs on, when the spec narrows them. */
  placements: readonly Placement[] | undefined;
  run(ctx: MeasureContext): Promise<RepetitionOutcome>;
}

/** A registered measurement: its description, and the planner the engine calls with a validated spec. */
export interface Measurement<
  K extends string = string,
  S extends z.ZodType<{ kind: K }> = z.ZodType<{ kind: K }>,
> {
  readonly kind: K;
  readonly tool: string;
  readonly summary: string;
  readonly spec: S;
  readonly metrics: MetricCatalogue;
  readonly requires: readonly Capability[];
  /** Headline metrics, in order: they lead tables, progress lines and verdicts. */
  readonly headline: readonly string[];
  plan(spec: { kind: string } & Record<string, unknown>, timing: Timing): PlannedVariant<K>[];
}
