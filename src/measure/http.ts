import { z } from 'zod';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { CnibenchError } from '../model/errors.js';
import { describeExit, tail } from '../exec/runner.js';
import type { RawOutput } from '../model/raw-output.js';
import { parseH2loadLog, parseH2loadSummary, type H2loadSummary } from '../tools/h2load.js';
import { h2loadArgs, httpOutcome, type HttpPlan } from './http-figures.js';
import {
  failedOutcome,
  removeDir,
  requireTools,
  setupStep,
  startNginx,
  stopServer,
  trimmedRaw,
  workDir,
  writeFile,
} from './http-server.js';
import { defineMeasurement } from './define.js';
import type { MeasureContext, RepetitionOutcome, Variant } from './measurement.js';

export const HttpSpec = z.strictObject({
  kind: z.literal('http'),
  /** Fixed request rates per second; one variant per rate and connection mode. */
  rate: z.array(z.number().int().min(1).max(1_000_000)).min(1).default([1000]),
  /** Also measure the maximum achieved rate (no rate limit). */
  maxRate: z.boolean().default(true),
  connection: z
    .array(z.enum(['keep-alive', 'close']))
    .min(1)
    .default(['keep-alive', 'close']),
  /** Concurrent keep-alive connections (h2load -c). */
  clients: z.number().int().min(1).max(1000).default(10),
});

const METRICS = {
  latency_p50_us: headline(METRIC.latency_p50_us),
  latency_p99_us: headline(METRIC.latency_p99_us),
  rate_per_s: headline(METRIC.rate_per_s),
  errors: headline(METRIC.errors),
  latency_p90_us: METRIC.latency_p90_us,
  latency_p999_us: METRIC.latency_p999_us,
  offered_rate_per_s: METRIC.offered_rate_per_s,
} as const satisfies MetricCatalogue;

interface HttpParams {
  [key: string]: string | number;
  rate: number | 'max';
  connection: 'keep-alive' | 'close';
  clients: number;
}

/** Requests of the probe that sizes a `Connection: close` maximum-rate run. */
const PROBE_REQUESTS = 1000;

/**
 * HTTP/1.1 latency at a fixed request rate and the maximum achieved rate: nginx serving a small
 * page at the server end, h2load (nghttp2) at the client with its per-request log, so the
 * percentiles come from every request's own duration. Keep-alive and `Connection: close`.
 */
export const httpMeasurement = defineMeasurement({
  kind: 'http',
  tool: 'h2load+nginx',
  summary: 'HTTP/1.1 latency at a fixed request rate and the maximum rate, keep-alive and Connection: close',
  spec: HttpSpec,
  metrics: METRICS,
  tools: () => ['nginx', 'h2load'],
  variants: (spec) => {
    const out: Variant<HttpParams>[] = [];
    for (const connection of spec.connection) {
      for (const rate of spec.rate) {
        out.push({
          name: `rate=${rate}/s,connection=${connection}`,
          params: { rate, connection, clients: spec.clients },
        });
      }
      if (spec.maxRate) {
        out.push({
          name: `rate=max,connection=${connection}`,
          params: { rate: 'max', connection, clients: spec.clients },
        });
      }
    }
    return out;
  },
  estimateSeconds: (_p, t) => t.durationS + t.warmupS + 3,
  run: (ctx, p) => runHttp(ctx, { ...p, durationS: ctx.durationS, warmupS: ctx.warmupS }),
});

function urlOf(address: string, port: number): string {
  return address.includes(':') ? `http://[${address}]:${port}/` : `http://${address}:${port}/`;
}

async function runHttp(ctx: MeasureContext, plan: HttpPlan): Promise<RepetitionOutcome> {
  const raw: RawOutput[] = [];
  const serverDir = workDir('http', ctx);
  const clientDir = workDir('http-client', ctx);
  let server: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    await requireTools(ctx, ctx.path.server, 'server', ['nginx']);
    await requireTools(ctx, ctx.path.client, 'client', ['h2load']);
    await setupStep(ctx, ctx.path.server, ['mkdir', '-p', `${serverDir}/www`], 'creating the web root');
    await writeFile(ctx, ctx.path.server, `${serverDir}/www/index.html`, 'cnibench http measurement\n');
    server = await startNginx(ctx, serverDir, `${serverDir}/www`);
    await setupStep(ctx, ctx.path.client, ['mkdir', '-p', clientDir], 'creating the client directory');
    const url = urlOf(ctx.path.serverAddress, ctx.port);
    let requests: number | undefined;
    if (plan.connection === 'close' && plan.rate === 'max') {
      const probe = await h2load(
        ctx,
        h2loadArgs(plan, PROBE_REQUESTS),
        url,
        `${clientDir}/probe.log`,
        raw,
        'client (probe)',
      );
      requests = Math.max(PROBE_REQUESTS, Math.round(probe.reqPerS * plan.durationS));
    }
    const log = `${clientDir}/h2load.log`;
    const summary = await h2load(ctx, h2loadArgs(plan, requests), url, log, raw, 'client');
    const cat = await ctx.target.exec(ctx.path.client, ['cat', log], {
      timeoutMs: 60_000,
      signal: ctx.signal,
    });
    if (cat.exitCode !== 0)
      throw new CnibenchError('TOOL_FAILED', `could not read h2load's log ${log}: ${tail(cat.stderr, 2)}`);
    const rows = parseH2loadLog(cat.stdout);
    await stopServer(server, raw);
    server = undefined;
    const out = httpOutcome(plan, summary, rows.requests, raw);
    if (out.status === 'ok' && rows.malformed > 0)
      out.notes?.push(`${rows.malformed} malformed h2load log rows ignored`);
    return out;
  } catch (e) {
    await stopServer(server, raw);
    return failedOutcome(e, raw);
  } finally {
    await removeDir(ctx, ctx.path.server, serverDir);
    await removeDir(ctx, ctx.path.client, clientDir);
  }
}

async function h2load(
  ctx: MeasureContext,
  args: readonly string[],
  url: string,
  log: string,
  raw: RawOutput[],
  role: string,
): Promise<H2loadSummary> {
  const argv = ['h2load', ...args, '--log-file', log, url];
  const timeoutMs = (ctx.durationS + ctx.warmupS) * 1000 * 3 + 30_000;
  const r = await ctx.target.exec(ctx.path.client, argv, { timeoutMs, signal: ctx.signal });
  raw.push(trimmedRaw(role, argv, r));
  const s = parseH2loadSummary(r.stdout);
  if (!s.ok) {
    const how = r.exitCode === 0 && !r.timedOut ? '' : ` (${describeExit(r)})`;
    const err = r.stderr.trim() === '' ? '' : `: ${tail(r.stderr, 2)}`;
    throw new CnibenchError(s.code, `${s.message}${how}${err}`);
  }
  return s.value;
}
