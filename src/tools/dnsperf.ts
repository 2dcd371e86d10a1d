import { num, parsed, unparsable, type ParseResult } from './common.js';

/** Figures of one `dnsperf -v` run. */
export interface DnsperfResult {
  sent: number;
  completed: number;
  lost: number;
  /** Response codes and how many answers carried each, e.g. `{ NOERROR: 98, SERVFAIL: 2 }`. */
  rcodes: Record<string, number>;
  runTimeS: number;
  queriesPerS: number;
  /** Every answer with its response code and latency in microseconds (from the `-v` lines). */
  answers: { rcode: string; latencyUs: number }[];
}

/**
 * Parses dnsperf 2.x output run with `-v` (one `> RCODE name type seconds` line per answer,
 * then `Statistics:`). Pure; never throws.
 */
export function parseDnsperf(stdout: string): ParseResult<DnsperfResult> {
  if (stdout.trim() === '') return unparsable('TOOL_OUTPUT_INVALID', 'dnsperf printed nothing');
  const err = /^Error: (.*)$/m.exec(stdout);
  const sent = num(/Queries sent:\s+(\d+)/.exec(stdout)?.[1]);
  const completed = num(/Queries completed:\s+(\d+)/.exec(stdout)?.[1]);
  const lost = num(/Queries lost:\s+(\d+)/.exec(stdout)?.[1]);
  if (sent === undefined || completed === undefined || lost === undefined) {
    if (err) return unparsable('TOOL_FAILED', `dnsperf: ${err[1]!.trim()}`);
    const last = stdout.trim().split('\n').slice(-1)[0]?.trim() ?? '';
    return unparsable('TOOL_OUTPUT_INVALID', `dnsperf output ends before its statistics; last line: ${last}`);
  }
  const rcodes: Record<string, number> = {};
  const rc = /Response codes:\s+(.*)$/m.exec(stdout)?.[1] ?? '';
  for (const m of rc.matchAll(/([A-Z]+) (\d+) \(/g)) {
    const n = num(m[2]);
    if (n !== undefined) rcodes[m[1]!] = n;
  }
  const answers: { rcode: string; latencyUs: number }[] = [];
  for (const m of stdout.matchAll(/^> ([A-Z]+) \S+ \S+ ([\d.]+)$/gm)) {
    const s = num(m[2]);
    if (s !== undefined) answers.push({ rcode: m[1]!, latencyUs: s * 1e6 });
  }
  return parsed({
    sent,
    completed,
    lost,
    rcodes,
    runTimeS: num(/Run time \(s\):\s+([\d.]+)/.exec(stdout)?.[1]) ?? 0,
    queriesPerS: num(/Queries per second:\s+([\d.]+)/.exec(stdout)?.[1]) ?? 0,
    answers,
  });
}
