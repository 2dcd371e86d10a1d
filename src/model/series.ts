import { z } from 'zod';
import { boundedName } from './bounds.js';

/** A per-interval time series of one metric (e.g. iperf3's 1 s intervals). */
export const Series = z.object({
  metric: boundedName,
  unit: boundedName,
  /** [seconds since start, value] */
  points: z.array(z.tuple([z.number(), z.number()])),
});
export type Series = z.infer<typeof Series>;
