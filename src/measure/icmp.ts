import { z } from 'zod';
import { CnibenchError } from '../model/errors.js';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { PLACEMENTS } from '../model/placement.js';
import type { RawOutput } from '../model/raw-output.js';
import { describeExit } from '../exec/runner.js';
import { compactSamples, round, sorted } from '../tools/common.js';
import { parsePing, type PingResult } from '../tools/ping.js';
import { defineMeasurement } from './define.js';
import { failedOutcome, requireTools, trimmedRaw } from './http-server.js';
import { latencyPercentiles } from './latency.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';

export const IcmpSpec = z.strictObject({
  kind: z.literal('icmp'),
  /** ICMP payload bytes (ping -s); one variant per entry. */
  size: z.array(z.number().int().min(16).max(65507)).min(1).default([56]),
  /** Seconds between echo requests (ping -i); 0.01 = 100 per second. */
  interval: z.number().min(0.002).max(1).default(0.01),
  /**
   * Only these placements. Not `service` by default: a ClusterIP is virtual, and kube-proxy in
   * iptables mode translates only the Service's TCP/UDP ports, so echo requests to it go unanswered.
   */
  placements: z.array(z.enum(PLACEMENTS)).min(1).default(['same-node', 'cross-node', 'host']),
});

const METRICS = {
  latency_p50_us: headline(METRIC.latency_p50_us),
  latency_p99_us: headline(METRIC.latency_p99_us),
  loss_pct: headline(METRIC.loss_pct),
  latency_p90_us: METRIC.latency_p90_us,
  latency_p999_us: METRIC.latency_p999_us,
} as const satisfies MetricCatalogue;
type IcmpMetric = keyof typeof METRICS;

/**
 * Round-trip time of ICMP echo between the path's ends (the "pod-to-pod RTT" of the EKS
 * article): iputils `ping` at a fixed interval for the measured time; percentiles from every
 * reply after the warm-up (the first replies wait for ARP/neighbour resolution).
 */
export const icmpMeasurement = defineMeasurement({
  kind: 'icmp',
  tool: 'ping',
  summary: 'ICMP echo round-trip time p50/p99 and loss between the two ends (ping)',
  spec: IcmpSpec,
  metrics: METRICS,
  placements: (spec) => spec.placements,
  tools: () => ['ping'],
  variants: (spec) =>
    spec.size.map((size) => ({ name: `size=${size}B`, params: { size, interval: spec.interval } })),
  estimateSeconds: (_p, t) => t.durationS + t.warmupS + 1,
  run: (ctx, p) => runIcmp(ctx, p.size, p.interval),
});

async function runIcmp(
  ctx: MeasureContext,
  size: number,
  interval: number,
): Promise<RepetitionOutcome<IcmpMetric>> {
  const raw: RawOutput[] = [];
  try {
    await requireTools(ctx, ctx.path.client, 'client', ['ping']);
    const seconds = Math.max(1, Math.ceil(ctx.durationS + ctx.warmupS));
    const argv = [
      'ping',
      '-n',
      '-i',
      String(interval),
      '-W',
      '1',
      '-w',
      String(seconds),
      '-s',
      String(size),
      ctx.path.serverAddress,
    ];
    const r = await ctx.target.exec(ctx.path.client, argv, {
      timeoutMs: (seconds + 15) * 1000,
      signal: ctx.signal,
    });
    raw.push(trimmedRaw('client', argv, r));
    const p = parsePing(r.stdout, r.stderr);
    if (!p.ok) throw new CnibenchError(p.code, `${p.message} (${describeExit(r)})`);
    return icmpOutcome(p.value, Math.round(ctx.warmupS / interval), raw);
  } catch (e) {
    return failedOutcome(e, raw);
  }
}

/** Figures of one ping run, the first `warmupReplies` replies left out. Exported for tests. */
export function icmpOutcome(
  p: PingResult,
  warmupReplies: number,
  raw: RawOutput[],
): RepetitionOutcome<IcmpMetric> {
  const kept = p.replies.length > warmupReplies ? p.replies.slice(warmupReplies) : p.replies;
  const rtts = sorted(kept.map((r) => r.rttMs * 1000));
  const notes = [`${p.received} of ${p.transmitted} echo requests answered; ${kept.length} replies measured`];
  if (p.errors > 0) notes.push(`${p.errors} echo requests could not be sent (ping: +${p.errors} errors)`);
  return {
    status: 'ok',
    metrics: {
      ...latencyPercentiles(rtts, rtts.length >= 1000 ? 0.999 : 0.99),
      loss_pct: round(p.lossPct, 3),
    },
    samples: { latency_us: compactSamples(rtts).map((v) => round(v)) },
    notes,
    raw,
  };
}
