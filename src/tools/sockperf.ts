import { num, parsed, stripAnsi, unparsable, type ParseResult } from './common.js';

/** Figures of one `sockperf ping-pong --full-rtt` client run (times in microseconds). */
export interface SockperfResult {
  metrics: Record<string, number>;
  /** Observations the percentiles are computed from. */
  observations: number;
  notes: string[];
}

const PERCENTILE_METRICS: Record<string, string> = {
  '50.000': 'latency_p50_us',
  '90.000': 'latency_p90_us',
  '99.000': 'latency_p99_us',
  '99.900': 'latency_p999_us',
};

/**
 * Parses what a sockperf 3.x `ping-pong` client prints (stdout and stderr together). sockperf
 * exits 0 even when it cannot connect, so failure is read from the text. Pure; never throws.
 */
export function parseSockperf(output: string): ParseResult<SockperfResult> {
  const text = stripAnsi(output);
  if (text.trim() === '') return unparsable('TOOL_OUTPUT_INVALID', 'sockperf printed nothing');
  const error = /sockperf: ERROR: (.*)/.exec(text);
  if (error) return unparsable('TOOL_FAILED', `sockperf: ${error[1]!.trim()}`);
  if (/No messages were received from the server/.test(text)) {
    return unparsable(
      'TOOL_FAILED',
      'sockperf: no replies were received from the server (is it down or unreachable?)',
    );
  }
  const valid = /\[Valid Duration\] RunTime=([\d.]+) sec; SentMessages=(\d+); ReceivedMessages=(\d+)/.exec(
    text,
  );
  const metrics: Record<string, number> = {};
  for (const m of text.matchAll(/---> percentile\s+([\d.]+)\s*=\s*([\d.]+)/g)) {
    const name = PERCENTILE_METRICS[m[1]!];
    const v = num(m[2]);
    if (name !== undefined && v !== undefined) metrics[name] = v;
  }
  if (!valid || metrics.latency_p50_us === undefined || metrics.latency_p99_us === undefined) {
    const last = text.trim().split('\n').slice(-1)[0] ?? '';
    return unparsable(
      'TOOL_OUTPUT_INVALID',
      `sockperf output ends before its statistics (the test did not finish); last line: ${last.trim()}`,
    );
  }
  const runtime = Number(valid[1]);
  const received = Number(valid[3]);
  if (!(runtime > 0) || received === 0) {
    return unparsable('TOOL_FAILED', 'sockperf: no transaction completed in the measured period');
  }
  metrics.rate_per_s = received / runtime;
  const notes: string[] = [];
  if (!/Summary: Round trip is/.test(text)) {
    notes.push('sockperf reported one-way latency (RTT/2); run with --full-rtt for round trips');
  }
  const dropped =
    /# dropped messages = (\d+); # duplicated messages = (\d+); # out-of-order messages = (\d+)/.exec(text);
  if (dropped && (Number(dropped[1]) > 0 || Number(dropped[3]) > 0)) {
    notes.push(`sockperf: ${dropped[1]} dropped, ${dropped[3]} out-of-order messages`);
  }
  const observations = num(/Total (\d+) observations/.exec(text)?.[1]) ?? received;
  return parsed({ metrics, observations, notes });
}
