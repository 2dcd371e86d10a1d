import { z } from 'zod';

/** Resource use of the network datapath during one repetition; absent figures are listed, never zero. */
export const ResourceUsage = z.object({
  metrics: z.record(z.string(), z.object({ value: z.number(), unit: z.string() })),
  absent: z.array(z.string()),
  source: z.string(),
});
export type ResourceUsage = z.infer<typeof ResourceUsage>;
