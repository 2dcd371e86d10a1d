import { num, parsed, unparsable, type ParseResult } from './common.js';

/** One reply of an iputils `ping -n` run. */
export interface PingReply {
  seq: number;
  rttMs: number;
}

/** Figures of one iputils ping run: every reply, and the totals ping printed. */
export interface PingResult {
  replies: PingReply[];
  transmitted: number;
  received: number;
  /** Packets the kernel refused to send (`+N errors`, e.g. larger than the MTU with -M do). */
  errors: number;
  lossPct: number;
  /** ICMP payload bytes ping announced (`56(84) bytes of data`). */
  payload?: number;
}

const REPLY = /^\d+ bytes from \S+: icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms/;
const TOTALS =
  /(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?(?:, \+(\d+) errors)?, ([\d.]+)% packet loss/;

/**
 * Parses what iputils `ping -n` prints (stdout and stderr given apart). Pure; never throws. A run
 * with no reply, or one ping refused to start (no route, unknown host), is a failure with ping's
 * own words; a run with replies and some loss is a result whose loss the caller reports.
 */
export function parsePing(stdout: string, stderr: string): ParseResult<PingResult> {
  const error = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('ping:'));
  const totals = TOTALS.exec(stdout);
  if (!totals) {
    return unparsable(
      error ? 'TOOL_FAILED' : 'TOOL_OUTPUT_INVALID',
      error ?? `ping printed no statistics: ${stdout.trim().split('\n').slice(-1)[0] ?? '(nothing)'}`,
    );
  }
  const replies: PingReply[] = [];
  for (const line of stdout.split('\n')) {
    const m = REPLY.exec(line.trim());
    const seq = num(m?.[1]);
    const rtt = num(m?.[2]);
    if (seq !== undefined && rtt !== undefined) replies.push({ seq, rttMs: rtt });
  }
  const transmitted = Number(totals[1]);
  const received = Number(totals[2]);
  const errors = Number(totals[4] ?? 0);
  const lossPct = num(totals[5]) ?? 100;
  if (received === 0 || replies.length === 0) {
    const said = error === undefined ? '' : `; ${error}`;
    return unparsable(
      'TOOL_FAILED',
      `ping: no reply to ${transmitted} echo requests (${lossPct}% loss)${said}`,
    );
  }
  const payload = num(/\) (\d+)\(\d+\) bytes of data/.exec(stdout)?.[1]);
  return parsed({
    replies,
    transmitted,
    received,
    errors,
    lossPct,
    ...(payload !== undefined ? { payload } : {}),
  });
}
