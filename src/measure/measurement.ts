import type { ErrorData } from '../errors.js';
import type { RawOutput, Series } from '../results/schema.js';
import type { PreparedPath, Target } from '../targets/target.js';
import type { MeasurementKind } from './placement.js';

/** One distinguishable setting of a measurement, e.g. `streams=4`; becomes the CSV `variant`. */
export interface Variant {
  name: string;
  parameters: Record<string, string | number | boolean>;
}

/** What one repetition needs; measurements reach the world only through `target`. */
export interface MeasureContext {
  target: Target;
  path: PreparedPath;
  /** Measured seconds, after the warm-up. */
  durationS: number;
  /** Warm-up seconds excluded from the figures. */
  warmupS: number;
  /** A TCP/UDP port free for this repetition's server. */
  port: number;
  signal: AbortSignal;
}

export type RepetitionOutcome =
  | {
      status: 'ok';
      metrics: Record<string, number>;
      samples?: Record<string, number[]>;
      series?: Series[];
      notes?: string[];
      raw: RawOutput[];
    }
  | { status: 'failed'; error: ErrorData; raw: RawOutput[] };

/**
 * A kind of measurement (SPEC section 3). Implementations are target-agnostic: they start
 * servers and clients through the Target and parse the tools' output with pure parsers.
 */
export interface Measurement<Spec> {
  readonly kind: MeasurementKind;
  /** The tool that produces the figures, recorded with each result. */
  readonly tool: string;
  variants(spec: Spec): Variant[];
  /** Rough wall-clock seconds of one repetition, for the ETA. */
  estimateSeconds(spec: Spec, variant: Variant, durationS: number, warmupS: number): number;
  run(ctx: MeasureContext, variant: Variant): Promise<RepetitionOutcome>;
}
