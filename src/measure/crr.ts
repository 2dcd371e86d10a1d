import { z } from 'zod';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { CnibenchError } from '../model/errors.js';
import type { RawOutput } from '../model/raw-output.js';
import { latencyPercentiles } from './latency.js';
import { compactSamples, round, sorted } from '../tools/common.js';
import { CURL_CRR_FORMAT, parseCurlBatch, type CurlTransaction } from '../tools/curl.js';
import { quantile } from '../stats/quantile.js';
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
import type { MeasureContext, RepetitionOutcome } from './measurement.js';

export const CrrSpec = z.strictObject({ kind: z.literal('crr') });

/** What one crr repetition reports (also the core of `services`). */
export const CRR_METRICS = {
  latency_p50_us: headline(METRIC.latency_p50_us),
  latency_p99_us: headline(METRIC.latency_p99_us),
  rate_per_s: headline(METRIC.rate_per_s),
  latency_p90_us: METRIC.latency_p90_us,
  latency_p999_us: METRIC.latency_p999_us,
  connect_ms: METRIC.connect_ms,
  errors: METRIC.errors,
} as const satisfies MetricCatalogue;
type CrrMetric = keyof typeof CRR_METRICS;

const FIRST_BATCH = 200;
const MAX_BATCH = 50_000;
const BATCH_TARGET_S = 2;

/**
 * Connect + request + response on a new TCP connection per transaction. The tool is curl: one
 * curl process fetches `/?1`, `/?2`, ... from nginx with `Connection: close`, so every
 * transfer opens its own connection (checked with curl's num_connects); each transaction's
 * latency is curl's own time_total. Batches run back to back until the duration is used; the
 * rate is transactions over the batches' wall time measured at the client end.
 */
export const crrMeasurement = defineMeasurement({
  kind: 'crr',
  tool: 'curl+nginx',
  summary: 'connect + request + close latency percentiles on a new TCP connection each, and connections/s',
  spec: CrrSpec,
  metrics: CRR_METRICS,
  tools: () => ['nginx', 'curl', 'date'],
  variants: () => [{ name: 'connection=close', params: { connection: 'close' } }],
  estimateSeconds: (_p, t) => t.durationS + t.warmupS + 2,
  run: (ctx) => runCrr(ctx),
});

/** The argv of one batch of `n` transactions against `url`. */
export function crrBatchArgv(url: string, n: number): string[] {
  const script =
    'date +%s%N; curl -sS -o /dev/null --connect-timeout 2 --max-time 5 -H "Connection: close" ' +
    `-w '${CURL_CRR_FORMAT}' "$0/?[1-$1]"; echo "rc=$?"; date +%s%N`;
  return ['sh', '-c', script, url, String(n)];
}

function urlOf(address: string, port: number): string {
  return address.includes(':') ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}

/** One crr repetition against `ctx.path.serverAddress`: also the core of the `services` measurement. */
export async function runCrr(ctx: MeasureContext): Promise<RepetitionOutcome<CrrMetric>> {
  const raw: RawOutput[] = [];
  const dir = workDir('crr', ctx);
  let server: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    await requireTools(ctx, ctx.path.server, 'server', ['nginx']);
    await requireTools(ctx, ctx.path.client, 'client', ['curl', 'date']);
    await setupStep(ctx, ctx.path.server, ['mkdir', '-p', `${dir}/www`], 'creating the web root');
    await writeFile(ctx, ctx.path.server, `${dir}/www/index.html`, 'cnibench\n');
    server = await startNginx(ctx, dir, `${dir}/www`);
    const url = urlOf(ctx.path.serverAddress, ctx.port);
    const all: CurlTransaction[] = [];
    let wallS = 0;
    let batch = FIRST_BATCH;
    let warm = ctx.warmupS > 0;
    let spentS = 0;
    while (spentS < ctx.durationS || all.length === 0) {
      if (ctx.signal.aborted) throw new CnibenchError('INTERRUPTED', 'interrupted');
      const argv = crrBatchArgv(url, batch);
      const r = await ctx.target.exec(ctx.path.client, argv, {
        timeoutMs: 60_000 + batch * 20,
        signal: ctx.signal,
      });
      raw.push(trimmedRaw(warm ? 'client (warm-up)' : 'client', argv, r, 50));
      const b = parseCurlBatch(r.stdout);
      const ok = b.transactions.filter((t) => t.exitCode === 0 && t.responseCode === 200);
      if (b.transactions.length === 0 || ok.length === 0) {
        const first = b.transactions[0];
        const why = r.stderr.trim().split('\n')[0] || `curl exit ${first?.exitCode ?? r.exitCode}`;
        throw new CnibenchError('TOOL_FAILED', `no connect-request-close transaction succeeded: ${why}`);
      }
      const batchWall = b.wallS ?? r.durationMs / 1000;
      if (!warm) {
        for (const t of b.transactions) all.push(t);
        wallS += batchWall;
        spentS += batchWall;
      }
      warm = false;
      const perS = ok.length / Math.max(batchWall, 1e-3);
      const remaining = Math.max(ctx.durationS - spentS, 0);
      batch = Math.round(Math.min(Math.max(perS * Math.min(remaining, BATCH_TARGET_S), 50), MAX_BATCH));
      if (remaining === 0 && all.length > 0) break;
    }
    await stopServer(server, raw);
    server = undefined;
    return crrOutcome(all, wallS, raw);
  } catch (e) {
    await stopServer(server, raw);
    return failedOutcome(e, raw);
  } finally {
    await removeDir(ctx, ctx.path.server, dir);
  }
}

/** Figures of the measured transactions. Exported for tests. */
export function crrOutcome(
  all: readonly CurlTransaction[],
  wallS: number,
  raw: RawOutput[],
): RepetitionOutcome<CrrMetric> {
  const ok = all.filter((t) => t.exitCode === 0 && t.responseCode === 200);
  const errors = all.length - ok.length;
  const reused = ok.filter((t) => t.connects !== 1).length;
  const latencies = sorted(ok.map((t) => t.totalS * 1e6));
  const connects = sorted(ok.map((t) => t.connectS * 1e6));
  const notes = [`${ok.length} transactions, each on a new TCP connection`];
  if (reused > 0) notes.push(`${reused} transactions did not open a new connection (num_connects != 1)`);
  if (errors > 0) notes.push(`${errors} transactions failed`);
  return {
    status: 'ok',
    metrics: {
      ...latencyPercentiles(latencies),
      connect_ms: round(quantile(connects, 0.5) / 1000, 3),
      rate_per_s: round(ok.length / Math.max(wallS, 1e-6)),
      errors,
    },
    samples: { latency_us: compactSamples(latencies).map((v) => round(v)) },
    notes,
    raw,
  };
}
