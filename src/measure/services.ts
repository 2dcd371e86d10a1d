import type { z } from 'zod';
import type { ServicesSpec } from '../config/schema.js';
import { toErrorData } from '../errors.js';
import { runCrr } from './crr.js';
import type { Measurement, MeasureContext, RepetitionOutcome, Variant } from './measurement.js';

type Spec = z.infer<typeof ServicesSpec>;

/**
 * How connection set-up latency changes with the number of Services (SPEC 3, 6.6): the target
 * programs N Services with the measured one last, then `crr` (a new connection per request,
 * so every connection's first packet walks the Service rules) runs against its address.
 */
export const servicesMeasurement: Measurement<Spec> = {
  kind: 'services',
  tool: 'curl+nginx',
  variants: (spec) =>
    spec.modes.flatMap((mode) =>
      spec.counts.map((count): Variant => ({
        name: `services=${count},mode=${mode}`,
        parameters: { services: count, mode },
      })),
    ),
  estimateSeconds: (_spec, variant, durationS, warmupS) =>
    durationS + warmupS + 3 + Number(variant.parameters.services) / 4000,
  run: (ctx, variant) => runServices(ctx, variant),
};

async function runServices(ctx: MeasureContext, variant: Variant): Promise<RepetitionOutcome> {
  if (!ctx.target.programServices) {
    return {
      status: 'failed',
      error: {
        code: 'TOOL_MISSING',
        message: `the ${ctx.target.kind} target cannot program Services at scale`,
      },
      raw: [],
    };
  }
  let services;
  try {
    services = await ctx.target.programServices(
      ctx.path,
      { count: Number(variant.parameters.services), mode: String(variant.parameters.mode), port: ctx.port },
      ctx.signal,
    );
  } catch (e) {
    return { status: 'failed', error: toErrorData(e), raw: [] };
  }
  try {
    const outcome = await runCrr({ ...ctx, path: { ...ctx.path, serverAddress: services.address } });
    if (outcome.status !== 'ok') return outcome;
    return {
      ...outcome,
      metrics: { ...outcome.metrics, service_rules: services.rules },
      notes: [
        ...(outcome.notes ?? []),
        `${variant.parameters.services} Services programmed with ${services.mode} (${services.rules} rules); measured the last, at ${services.address}`,
      ],
    };
  } finally {
    await services.remove();
  }
}
