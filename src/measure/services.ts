import { z } from 'zod';
import { METRIC, type MetricCatalogue } from '../model/metrics.js';
import { PLACEMENTS } from '../model/placement.js';
import { toErrorData } from '../model/errors.js';
import { CRR_METRICS, runCrr } from './crr.js';
import { defineMeasurement } from './define.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';

const SERVICE_MODES = ['iptables', 'nftables'] as const;

export const ServicesSpec = z.strictObject({
  kind: z.literal('services'),
  /** Numbers of Services to program; the measured one is always the last. One variant per count and mode. */
  counts: z.array(z.number().int().min(1).max(65_536)).min(1).default([10, 100, 1000, 5000]),
  /** Lab: `iptables` (kube-proxy's linear chains) and/or `nftables` (verdict maps). */
  modes: z.array(z.enum(SERVICE_MODES)).min(1).default(['iptables', 'nftables']),
  /** Only these placements (the Service sits in front of the path's server); default cross-node. */
  placements: z.array(z.enum(PLACEMENTS)).min(1).default(['cross-node']),
});

const METRICS = {
  ...CRR_METRICS,
  service_rules: METRIC.service_rules,
} as const satisfies MetricCatalogue;
type ServicesMetric = keyof typeof METRICS;

interface ServicesParams {
  [key: string]: string | number;
  services: number;
  mode: (typeof SERVICE_MODES)[number];
}

/**
 * How connection set-up latency changes with the number of Services (SPEC 3, 6.6): the target
 * programs N Services with the measured one last, then `crr` (a new connection per request,
 * so every connection's first packet walks the Service rules) runs against its address.
 */
export const servicesMeasurement = defineMeasurement({
  kind: 'services',
  tool: 'curl+nginx',
  summary: 'crr latency and rule count as the number of Services grows (iptables chains vs nftables maps)',
  spec: ServicesSpec,
  metrics: METRICS,
  requires: ['services-at-scale'],
  placements: (spec) => spec.placements,
  tools: () => ['nginx', 'curl'],
  variants: (spec) =>
    spec.modes.flatMap((mode) =>
      spec.counts.map((count) => ({
        name: `services=${count},mode=${mode}`,
        params: { services: count, mode } satisfies ServicesParams,
      })),
    ),
  estimateSeconds: (p, t) => t.durationS + t.warmupS + 3 + p.services / 4000,
  run: (ctx, p) => runServices(ctx, p),
});

async function runServices(
  ctx: MeasureContext,
  p: ServicesParams,
): Promise<RepetitionOutcome<ServicesMetric>> {
  let services;
  try {
    services = await ctx.target.programServices(
      ctx.path,
      { count: p.services, mode: p.mode, port: ctx.port },
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
        `${p.services} Services programmed with ${services.mode} (${services.rules} rules); measured the last, at ${services.address}`,
      ],
    };
  } finally {
    await services.remove();
  }
}
