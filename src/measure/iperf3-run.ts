import { describeExit, tail } from '../exec/runner.js';
import { parseIperf3 } from '../tools/iperf3.js';
import type { RawOutput } from '../model/raw-output.js';
import { toErrorData } from '../model/errors.js';
import type { MetricCatalogue } from '../model/metrics.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';
import { pickMetrics } from './pick-metrics.js';
import { rawOutput } from './raw.js';

/** Seconds allowed beyond the test's own length before a client is killed. */
const SLACK_S = 20;

/**
 * One iperf3 test: a one-off server at the path's server end, the client at the other,
 * the client's JSON parsed. Shared by the `tcp` and `udp` measurements.
 */
export async function runIperf3<M extends string>(
  ctx: MeasureContext,
  clientArgs: readonly string[],
  catalogue: MetricCatalogue<M>,
): Promise<RepetitionOutcome<M>> {
  const serverCmd = ['iperf3', '-s', '-1', '-p', String(ctx.port), '--forceflush'];
  const raw: RawOutput[] = [];
  let server;
  try {
    server = await ctx.target.startServer(ctx.path.server, serverCmd, {
      readyPattern: /Server listening/,
      readyTimeoutMs: 10_000,
      signal: ctx.signal,
    });
  } catch (e) {
    return { status: 'failed', error: toErrorData(e), raw };
  }
  const clientCmd = [
    'iperf3',
    '-c',
    ctx.path.serverAddress,
    '-p',
    String(ctx.port),
    '-J',
    '-t',
    String(ctx.durationS),
    '--connect-timeout',
    '5000',
    ...clientArgs,
  ];
  const timeoutMs = (ctx.durationS + ctx.warmupS + SLACK_S) * 1000;
  const client = await ctx.target.exec(ctx.path.client, clientCmd, { timeoutMs, signal: ctx.signal });
  const serverResult = await server.stop();
  raw.push(rawOutput('client', clientCmd, client), rawOutput('server', serverCmd, serverResult));
  const parsed = parseIperf3(client.stdout);
  if (!parsed.ok) {
    const how = client.exitCode === 0 && !client.timedOut ? '' : ` (${describeExit(client)})`;
    const stderr = client.stderr.trim() === '' ? '' : `: ${tail(client.stderr, 3)}`;
    return {
      status: 'failed',
      error: { code: parsed.code, message: `${parsed.message}${how}${stderr}` },
      raw,
    };
  }
  return {
    status: 'ok',
    metrics: pickMetrics(parsed.metrics, catalogue),
    series: parsed.series,
    notes: parsed.notes,
    raw,
  };
}
