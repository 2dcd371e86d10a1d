import type { z } from 'zod';
import type { RrSpec } from '../config/schema.js';
import { CnibenchError } from '../errors.js';
import { describeExit } from '../exec/runner.js';
import type { RawOutput } from '../results/schema.js';
import type { ServerHandle } from '../targets/target.js';
import { parseSockperf } from '../tools/sockperf.js';
import { failedOutcome, requireTools, stopServer, trimmedRaw } from './http-server.js';
import type { Measurement, MeasureContext, RepetitionOutcome, Variant } from './measurement.js';

type Spec = z.infer<typeof RrSpec>;

/** Seconds allowed beyond the test's own length before the client is killed. */
const SLACK_S = 20;

/**
 * Request/response latency on one established TCP connection: `sockperf ping-pong --tcp
 * --full-rtt`, one message in flight, back to back (like netperf TCP_RR). Percentiles are
 * sockperf's own over its valid period (it leaves out its own warm-up); the rate is
 * transactions per second.
 */
export const rrMeasurement: Measurement<Spec> = {
  kind: 'rr',
  tool: 'sockperf',
  variants: (spec) => spec.messageSize.map((m) => ({ name: `size=${m}B`, parameters: { messageSize: m } })),
  estimateSeconds: (_spec, _variant, durationS, warmupS) => durationS + warmupS + 1,
  run: (ctx, variant) => runRr(ctx, variant),
};

async function runRr(ctx: MeasureContext, variant: Variant): Promise<RepetitionOutcome> {
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
      String(Number(variant.parameters.messageSize)),
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
    return { status: 'ok', metrics: r.value.metrics, notes: r.value.notes, raw };
  } catch (e) {
    await stopServer(server, raw);
    return failedOutcome(e, raw);
  }
}
