import type { RawOutput } from '../model/raw-output.js';
import { latencyPercentiles } from './latency.js';
import { compactSamples, round, sorted } from '../tools/common.js';
import type { H2loadRequest, H2loadSummary } from '../tools/h2load.js';
import { CnibenchError } from '../model/errors.js';
import type { RepetitionOutcome } from './measurement.js';

/** One http variant: a fixed rate (requests/s) or the maximum, on kept-alive or closed connections. */
export interface HttpPlan {
  rate: number | 'max';
  connection: 'keep-alive' | 'close';
  clients: number;
  durationS: number;
  warmupS: number;
}

/** Below this share of the requested rate the figures are not "at that rate" any more. */
export const MIN_ACHIEVED_SHARE = 0.5;

function ms(seconds: number): string {
  return `${Math.max(1, Math.round(seconds * 1000))}ms`;
}

/**
 * h2load arguments for one variant (URL and log file excluded). At a fixed rate both modes
 * start their connections evenly paced with `--rate`/`--rate-period` (h2load's `--rps` ticks
 * every 10 ms, so clients started together would fire in bursts): keep-alive runs enough
 * clients that each sends at most 100 requests/s (`--rps`); `Connection: close` opens one
 * connection per request (h2load ignores `--rps` once a connection is closed). Warm-up requests
 * are left out afterwards by their start time. Maximum rate: no limit, keep-alive over `-D` with
 * h2load's own warm-up; closed connections for a fixed number of `requests` (h2load's `-D` does
 * not end with closed connections).
 */
export function h2loadArgs(plan: HttpPlan, requests?: number): string[] {
  const common = ['--h1', '-N', '10s'];
  const close = ['-H', 'Connection: close'];
  const warm = plan.warmupS > 0 ? ['--warm-up-time', ms(plan.warmupS)] : [];
  const { perPeriod, periodMs } = connectionPacing(plan.rate === 'max' ? 1000 : plan.rate);
  const n = plan.rate === 'max' ? 0 : Math.ceil(plan.rate * (plan.durationS + plan.warmupS));
  const pace = ['--rate', String(perPeriod), '--rate-period', `${periodMs}ms`];
  if (plan.connection === 'keep-alive') {
    if (plan.rate === 'max')
      return [...common, '-c', String(plan.clients), '-D', ms(plan.durationS), ...warm];
    const clients = keepAliveClients(plan.rate, plan.clients);
    return [...common, ...pace, '-c', String(clients), '--rps', String(plan.rate / clients), '-n', String(n)];
  }
  if (plan.rate === 'max') {
    return [...common, ...close, '-c', String(plan.clients), '-n', String(requests ?? 1000)];
  }
  return [...common, ...close, ...pace, '-c', String(n), '-n', String(n)];
}

/** Keep-alive clients for a rate: at least `clients`, and enough that none sends over 100/s. */
export function keepAliveClients(rate: number, clients: number): number {
  return Math.max(clients, Math.ceil(rate / 100));
}

/** New connections per period for a rate: one per millisecond is 1000/s. */
export function connectionPacing(rate: number): { perPeriod: number; periodMs: number } {
  if (rate >= 1000) return { perPeriod: Math.round(rate / 1000), periodMs: 1 };
  return { perPeriod: 1, periodMs: Math.max(1, Math.round(1000 / rate)) };
}

/**
 * The repetition's figures from h2load's summary and per-request log. At a fixed rate,
 * requests started during the warm-up are left out here (h2load's warm-up only exists in its
 * `-D` mode). Throws TOOL_FAILED when nothing succeeded or the fixed rate
 * was far from reached.
 */
export function httpOutcome(
  plan: HttpPlan,
  summary: H2loadSummary,
  log: readonly H2loadRequest[],
  raw: RawOutput[],
): RepetitionOutcome {
  const notes: string[] = [];
  let rows = [...log];
  if (plan.rate !== 'max' && plan.warmupS > 0 && rows.length > 0) {
    const first = rows.reduce((m, r) => Math.min(m, r.startUs), Infinity);
    rows = rows.filter((r) => r.startUs >= first + plan.warmupS * 1e6);
  }
  const good = rows.filter((r) => r.status >= 200 && r.status < 400);
  const badStatus = rows.length - good.length;
  const errors = summary.failed + summary.errored + summary.timeout + summary.status4xx + summary.status5xx;
  if (summary.succeeded === 0 || good.length === 0) {
    throw new CnibenchError(
      'TOOL_FAILED',
      `no HTTP request succeeded (${summary.total} total, ${summary.failed} failed, ${summary.errored} errored, ${summary.timeout} timed out)`,
      { hint: 'check that the server end is reachable on the path; the raw h2load output is in the result' },
    );
  }
  // Over the whole measured period, not the span of the successes (a server that dies early
  // must not look fast): the main duration, or h2load's elapsed time less warm-up if longer.
  const periodS =
    plan.rate === 'max'
      ? plan.connection === 'keep-alive'
        ? plan.durationS
        : summary.elapsedS
      : Math.max(summary.elapsedS - plan.warmupS, plan.durationS);
  const achieved = good.length / Math.max(periodS, 1e-6);
  const latencies = sorted(good.map((r) => r.durationUs));
  const metrics: Record<string, number> = {
    ...latencyPercentiles(latencies),
    rate_per_s: round(achieved),
    errors: Math.max(errors, badStatus),
  };
  if (plan.rate !== 'max') {
    metrics.offered_rate_per_s = plan.rate;
    if (achieved < plan.rate * MIN_ACHIEVED_SHARE) {
      throw new CnibenchError(
        'TOOL_FAILED',
        `h2load achieved ${achieved.toFixed(0)} requests/s of the ${plan.rate}/s asked for; latency at that rate was not measured`,
        {
          hint: 'the server or the path cannot sustain this rate: lower `rate` or look at the errors in the raw output',
        },
      );
    }
    if (achieved < plan.rate * 0.95)
      notes.push(`achieved ${achieved.toFixed(0)}/s of ${plan.rate}/s asked for`);
  }
  notes.push(`${good.length} requests measured (${plan.connection})`);
  return { status: 'ok', metrics, samples: { latency_us: compactSamples(latencies) }, notes, raw };
}
