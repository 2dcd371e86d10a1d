import { z } from 'zod';

/** A per-interval time series of one metric (e.g. iperf3's 1 s intervals). */
export const Series = z.object({
  metric: z.string(),
  unit: z.string(),
  /** [seconds since start, value] */
  points: z.array(z.tuple([z.number(), z.number()])),
});
export type Series = z.infer<typeof Series>;
