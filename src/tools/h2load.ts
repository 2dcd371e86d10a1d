import { num, parsed, unparsable, type ParseResult } from './common.js';

/** The counters of an h2load summary. */
export interface H2loadSummary {
  elapsedS: number;
  reqPerS: number;
  total: number;
  started: number;
  done: number;
  succeeded: number;
  failed: number;
  errored: number;
  timeout: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
}

/** One row of h2load's `--log-file`: request start (µs since the epoch), status, duration (µs). */
export interface H2loadRequest {
  startUs: number;
  status: number;
  durationUs: number;
}

function seconds(value: string, unit: string): number | undefined {
  const v = num(value);
  if (v === undefined) return undefined;
  return unit === 'ms' ? v / 1000 : unit === 'us' ? v / 1e6 : v;
}

/**
 * Parses the summary an h2load (nghttp2 1.x) run prints on stdout. A run that was killed or
 * crashed before its summary is reported as such. Pure; never throws.
 */
export function parseH2loadSummary(stdout: string): ParseResult<H2loadSummary> {
  if (stdout.trim() === '') return unparsable('TOOL_OUTPUT_INVALID', 'h2load printed nothing');
  const fin = /finished in ([\d.]+)(ms|us|s), ([\d.]+) req\/s/.exec(stdout);
  const req =
    /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(
      stdout,
    );
  const codes = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(stdout);
  if (!fin || !req || !codes) {
    const last = stdout.trim().split('\n').slice(-1)[0]?.trim() ?? '';
    return unparsable(
      'TOOL_OUTPUT_INVALID',
      `h2load output ends before its summary (killed or crashed?); last line: ${last}`,
    );
  }
  const n = (m: RegExpExecArray, i: number): number => num(m[i]) ?? 0;
  const elapsedS = seconds(fin[1]!, fin[2]!);
  if (elapsedS === undefined)
    return unparsable('TOOL_OUTPUT_INVALID', `h2load's run time is not a number: ${fin[0]}`);
  return parsed({
    elapsedS,
    reqPerS: n(fin, 3),
    total: n(req, 1),
    started: n(req, 2),
    done: n(req, 3),
    succeeded: n(req, 4),
    failed: n(req, 5),
    errored: n(req, 6),
    timeout: n(req, 7),
    status2xx: n(codes, 1),
    status3xx: n(codes, 2),
    status4xx: n(codes, 3),
    status5xx: n(codes, 4),
  });
}

/** Parses h2load's tab-separated `--log-file`; malformed rows are counted, not guessed. Pure. */
export function parseH2loadLog(text: string): { requests: H2loadRequest[]; malformed: number } {
  const requests: H2loadRequest[] = [];
  let malformed = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [a, b, c] = line.split('\t');
    const startUs = num(a);
    const status = num(b);
    const durationUs = num(c);
    if (startUs === undefined || status === undefined || durationUs === undefined) malformed += 1;
    else requests.push({ startUs, status, durationUs });
  }
  return { requests, malformed };
}
