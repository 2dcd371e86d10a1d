import { z } from 'zod';

/** A command's result as kept in the result document for audit (SPEC 3: raw output of every repetition). */
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
