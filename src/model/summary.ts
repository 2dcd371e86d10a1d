import { z } from 'zod';
import { boundedName } from './bounds.js';

/** The summary of one metric over a measurement's repetitions (docs/statistics.md). */
export const Summary = z.object({
  metric: boundedName,
  unit: boundedName,
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

/** What statistics need of one repetition: its status, per-repetition figures and raw samples. */
export interface RepetitionValues {
  status: 'ok' | 'failed';
  metrics: Record<string, number>;
  samples?: Record<string, number[]> | undefined;
}
