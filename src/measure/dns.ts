import { z } from 'zod';
import { durationField } from '../model/fields.js';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { CnibenchError } from '../model/errors.js';
import { describeExit, tail } from '../exec/runner.js';
import type { RawOutput } from '../model/raw-output.js';
import { latencyPercentiles } from './latency.js';
import type { ResolverInfo } from '../targets/target.js';
import { compactSamples, round, sorted } from '../tools/common.js';
import { parseDnsperf, type DnsperfResult } from '../tools/dnsperf.js';
import { missingTools, toolCheckArgv } from '../tools/requirements.js';
import { failedOutcome, requireTools, trimmedRaw } from './http-server.js';
import { defineMeasurement } from './define.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';

export const DnsSpec = z.strictObject({
  kind: z.literal('dns'),
  /** Queries per second (dnsperf -Q). */
  rate: z.number().int().min(1).max(100_000).default(100),
  /** A query unanswered after this long counts as a failure (seconds, or `500ms`). */
  timeout: durationField({ positive: true }).default(1),
});

const METRICS = {
  latency_p50_us: headline(METRIC.latency_p50_us),
  latency_p99_us: headline(METRIC.latency_p99_us),
  errors: headline(METRIC.errors),
  latency_p90_us: METRIC.latency_p90_us,
  rate_per_s: METRIC.rate_per_s,
  failure_pct: METRIC.failure_pct,
} as const satisfies MetricCatalogue;
type DnsMetric = keyof typeof METRICS;

/**
 * DNS resolution latency against the target's resolver (Kubernetes: cluster DNS and a Service
 * name; lab: a DNS server the lab runs in its own namespace, with no outside resolver). The tool
 * is dnsperf at a fixed query rate with `-v`, so every answer's latency is known (microseconds;
 * dig reports whole milliseconds only). Lost queries and error answers count as failures.
 */
export const dnsMeasurement = defineMeasurement({
  kind: 'dns',
  tool: 'dnsperf',
  summary:
    'DNS resolution latency p50/p99 and failures against the target\u2019s resolver at a fixed query rate',
  spec: DnsSpec,
  metrics: METRICS,
  tools: () => ['dnsperf'],
  variants: (spec) => [{ name: `rate=${spec.rate}/s`, params: { rate: spec.rate, timeoutS: spec.timeout } }],
  estimateSeconds: (_p, t) => t.durationS + 3,
  run: (ctx, p) => runDns(ctx, p.rate, p.timeoutS),
});

/** dnsperf argv for a resolver; queries come on stdin. */
export function dnsperfArgv(resolver: ResolverInfo, rate: number, timeoutS: number): string[] {
  return [
    'dnsperf',
    '-s',
    resolver.server,
    '-Q',
    String(rate),
    '-t',
    String(Math.max(1, Math.round(timeoutS))),
    '-v',
  ];
}

async function runDns(
  ctx: MeasureContext,
  rate: number,
  timeoutS: number,
): Promise<RepetitionOutcome<DnsMetric>> {
  const raw: RawOutput[] = [];
  try {
    const resolver = await ctx.target.resolver(ctx.path, ctx.signal);
    await requireTools(ctx, ctx.path.client, 'client', ['dnsperf']);
    const notes = [`resolver ${resolver.server}, name ${resolver.name}`];
    notes.push(await checkAnswer(ctx, resolver, raw));
    const queries = Math.max(1, Math.ceil(rate * ctx.durationS));
    const argv = dnsperfArgv(resolver, rate, timeoutS);
    const r = await ctx.target.exec(ctx.path.client, argv, {
      timeoutMs: (ctx.durationS * 2 + timeoutS + 30) * 1000,
      signal: ctx.signal,
      input: `${resolver.name} A\n`.repeat(queries),
    });
    raw.push(trimmedRaw('client', argv, r, 100));
    const p = parseDnsperf(r.stdout);
    if (!p.ok) {
      const how = r.exitCode === 0 && !r.timedOut ? '' : ` (${describeExit(r)})`;
      const err = r.stderr.trim() === '' ? '' : `: ${tail(r.stderr, 2)}`;
      throw new CnibenchError(p.code, `${p.message}${how}${err}`);
    }
    return dnsOutcome(p.value, notes, raw);
  } catch (e) {
    return failedOutcome(e, raw);
  }
}

/** Checks once with dig (when the client has it) that the name resolves to what it should. */
async function checkAnswer(ctx: MeasureContext, resolver: ResolverInfo, raw: RawOutput[]): Promise<string> {
  const check = await ctx.target.exec(ctx.path.client, toolCheckArgv(['dig']), {
    timeoutMs: 15_000,
    signal: ctx.signal,
  });
  if (missingTools(['dig'], check).length > 0) return 'answer not checked (no dig at the client end)';
  const argv = ['dig', '+short', '+tries=2', '+time=2', `@${resolver.server}`, resolver.name, 'A'];
  const r = await ctx.target.exec(ctx.path.client, argv, { timeoutMs: 15_000, signal: ctx.signal });
  raw.push(trimmedRaw('check', argv, r));
  const answers = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (r.exitCode !== 0 || answers.length === 0) {
    throw new CnibenchError(
      'TOOL_FAILED',
      `${resolver.server} gave no answer for ${resolver.name} (${describeExit(r)}): ${tail(r.stdout || r.stderr, 2)}`,
    );
  }
  if (resolver.expect !== undefined && !answers.includes(resolver.expect)) {
    throw new CnibenchError(
      'TOOL_FAILED',
      `${resolver.name} resolved to ${answers.join(', ')}, expected ${resolver.expect}`,
    );
  }
  return `${resolver.name} resolves to ${answers.join(', ')}`;
}

/** Figures of one dnsperf run. Exported for tests. */
export function dnsOutcome(
  p: DnsperfResult,
  notes: string[],
  raw: RawOutput[],
): RepetitionOutcome<DnsMetric> {
  const good = sorted(p.answers.filter((a) => a.rcode === 'NOERROR').map((a) => a.latencyUs));
  const badAnswers = p.completed - (p.rcodes.NOERROR ?? 0);
  const failures = p.lost + Math.max(badAnswers, 0);
  if (good.length === 0) {
    const codes =
      Object.entries(p.rcodes)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ') || 'no answers';
    throw new CnibenchError(
      'TOOL_FAILED',
      `no query was answered with NOERROR (${p.sent} sent, ${p.lost} lost; ${codes})`,
      {
        hint: 'check that the resolver is reachable from the client end and serves the name',
      },
    );
  }
  if (failures > 0) notes.push(`${failures} of ${p.sent} queries failed (${p.lost} lost)`);
  return {
    status: 'ok',
    metrics: {
      ...latencyPercentiles(good, 0.99),
      rate_per_s: round(p.completed / Math.max(p.runTimeS, 1e-6)),
      errors: failures,
      failure_pct: round((failures / Math.max(p.sent, 1)) * 100, 2),
    },
    samples: { latency_us: compactSamples(good).map((v) => round(v)) },
    notes,
    raw,
  };
}
