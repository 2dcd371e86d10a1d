import { z } from 'zod';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { CnibenchError } from '../model/errors.js';
import { describeExit } from '../exec/runner.js';
import type { RawOutput } from '../model/raw-output.js';
import type { ServerHandle } from '../targets/target.js';
import { parseSockperf } from '../tools/sockperf.js';
import { failedOutcome, requireTools, stopServer, trimmedRaw } from './http-server.js';
import { defineMeasurement } from './define.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';
import { pickMetrics } from './pick-metrics.js';

export const RrSpec = z.strictObject({
  kind: z.literal('rr'),
  /** Request and response size in bytes (sockperf -m, at least 14); one variant per entry. */
  messageSize: z.array(z.number().int().min(14).max(65000)).min(1).default([64]),
});

const METRICS = {
  latency_p50_us: headline(METRIC.latency_p50_us),
  latency_p99_us: headline(METRIC.latency_p99_us),
  rate_per_s: headline(METRIC.rate_per_s),
  latency_p90_us: METRIC.latency_p90_us,
  latency_p999_us: METRIC.latency_p999_us,
} as const satisfies MetricCatalogue;
type RrMetric = keyof typeof METRICS;

/** Seconds allowed beyond the test's own length before the client is killed. */
const SLACK_S = 20;

/**
 * Request/response latency on one established TCP connection: `sockperf ping-pong --tcp
 * --full-rtt`, one message in flight, back to back (like netperf TCP_RR). Percentiles are
 * sockperf's own over its valid period (it leaves out its own warm-up); the rate is
 * transactions per second.
 */
export const rrMeasurement = defineMeasurement({
  kind: 'rr',
  tool: 'sockperf',
  summary: 'request/response latency percentiles on one established TCP connection, and transactions/s',
  spec: RrSpec,
  metrics: METRICS,
  tools: () => ['sockperf'],
  variants: (spec) => spec.messageSize.map((m) => ({ name: `size=${m}B`, params: { messageSize: m } })),
  estimateSeconds: (_p, t) => t.durationS + t.warmupS + 1,
  run: (ctx, p) => runRr(ctx, p.messageSize),
});

export async function runRr(ctx: MeasureContext, messageSize: number): Promise<RepetitionOutcome<RrMetric>> {
  const raw: RawOutput[] = [];
  let server: { handle: ServerHandle; argv: string[] } | undefined;
  try {
    await requireTools(ctx, ctx.path.server, 'server', ['sockperf']);
    await requireTools(ctx, ctx.path.client, 'client', ['sockperf']);
    const serverArgv = ['sockperf', 'server', '--tcp', '-i', ctx.path.server.address, '-p', String(ctx.port)];
    server = {
      argv: serverArgv,
      handle: await ctx.target.startServer(ctx.path.server, serverArgv, {
        readyPattern: /to block on socket/,
        readyTimeoutMs: 10_000,
        signal: ctx.signal,
      }),
    };
    // sockperf leaves its own warm-up out; our warm-up seconds are added to its run time.
    const seconds = Math.max(1, Math.ceil(ctx.durationS + ctx.warmupS));
    const clientArgv = [
      'sockperf',
      'ping-pong',
      '--tcp',
      '-i',
      ctx.path.serverAddress,
      '-p',
      String(ctx.port),
      '-t',
      String(seconds),
      '-m',
      String(messageSize),
      '--full-rtt',
    ];
    const client = await ctx.target.exec(ctx.path.client, clientArgv, {
      timeoutMs: (seconds + SLACK_S) * 1000,
      signal: ctx.signal,
    });
    raw.push(trimmedRaw('client', clientArgv, client));
    await stopServer(server, raw);
    server = undefined;
    const r = parseSockperf(`${client.stdout}\n${client.stderr}`);
    if (!r.ok) {
      const how = client.exitCode === 0 && !client.timedOut ? '' : ` (${describeExit(client)})`;
      throw new CnibenchError(r.code, `${r.message}${how}`);
    }
    return { status: 'ok', metrics: pickMetrics(r.value.metrics, METRICS), notes: r.value.notes, raw };
  } catch (e) {
    await stopServer(server, raw);
    return failedOutcome(e, raw);
  }
}
