import { z } from 'zod';
import type { Series } from '../model/series.js';
import { firstNonFinite } from './common.js';

/** Parsed figures of one iperf3 `-J` client run, or why there are none. */
export type Iperf3Result =
  | { ok: true; protocol: 'TCP' | 'UDP'; metrics: Record<string, number>; series: Series[]; notes: string[] }
  | { ok: false; code: 'TOOL_FAILED' | 'TOOL_OUTPUT_INVALID'; message: string };

const Sum = z.object({
  seconds: z.number().optional(),
  bytes: z.number().optional(),
  bits_per_second: z.number(),
  retransmits: z.number().optional(),
  jitter_ms: z.number().optional(),
  lost_packets: z.number().optional(),
  packets: z.number().optional(),
  lost_percent: z.number().optional(),
  omitted: z.boolean().optional(),
});

const Report = z.object({
  start: z
    .object({
      test_start: z
        .object({
          protocol: z.string(),
          num_streams: z.number(),
          reverse: z.number().optional(),
          target_bitrate: z.number().optional(),
          blksize: z.number().optional(),
        })
        .optional(),
      sndbuf_actual: z.number().optional(),
      rcvbuf_actual: z.number().optional(),
    })
    .passthrough(),
  intervals: z.array(z.object({ sum: Sum.extend({ start: z.number(), end: z.number() }) })).default([]),
  end: z
    .object({
      sum_sent: Sum.optional(),
      sum_received: Sum.optional(),
      sum: Sum.optional(),
      cpu_utilization_percent: z.object({ host_total: z.number(), remote_total: z.number() }).optional(),
    })
    .passthrough(),
  error: z.string().optional(),
});

/** Parses the JSON an iperf3 client prints with `-J` (iperf3 3.x). Pure; never throws. */
export function parseIperf3(stdout: string): Iperf3Result {
  const text = stdout.trim();
  if (text === '') return { ok: false, code: 'TOOL_OUTPUT_INVALID', message: 'iperf3 printed nothing' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      code: 'TOOL_OUTPUT_INVALID',
      message: `iperf3 output is not JSON: ${text.slice(0, 200)}`,
    };
  }
  const parsed = Report.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    return {
      ok: false,
      code: 'TOOL_OUTPUT_INVALID',
      message: `iperf3 JSON lacks an expected field (${where})`,
    };
  }
  const r = parsed.data;
  if (r.error !== undefined) return { ok: false, code: 'TOOL_FAILED', message: `iperf3: ${r.error}` };
  const ts = r.start.test_start;
  if (!ts) return { ok: false, code: 'TOOL_OUTPUT_INVALID', message: 'iperf3 JSON has no start.test_start' };
  const reverse = ts.reverse === 1;
  const metrics: Record<string, number> = {};
  const notes: string[] = [];
  if (r.start.sndbuf_actual !== undefined && r.start.rcvbuf_actual !== undefined) {
    notes.push(`client socket buffers: send ${r.start.sndbuf_actual} B, receive ${r.start.rcvbuf_actual} B`);
  }
  const cpu = r.end.cpu_utilization_percent;
  if (cpu) {
    metrics.sender_cpu_pct = reverse ? cpu.remote_total : cpu.host_total;
    metrics.receiver_cpu_pct = reverse ? cpu.host_total : cpu.remote_total;
  }
  if (ts.protocol === 'TCP') {
    const recv = r.end.sum_received;
    const sent = r.end.sum_sent;
    if (!recv || !sent)
      return { ok: false, code: 'TOOL_OUTPUT_INVALID', message: 'iperf3 TCP JSON lacks end.sum_received' };
    metrics.throughput_gbps = recv.bits_per_second / 1e9;
    if (sent.retransmits !== undefined) metrics.retransmits = sent.retransmits;
  } else if (ts.protocol === 'UDP') {
    const sum = r.end.sum;
    if (!sum) return { ok: false, code: 'TOOL_OUTPUT_INVALID', message: 'iperf3 UDP JSON lacks end.sum' };
    // iperf3 >= 3.11 reports the receiver's byte count in sum_received; older ones only in sum (sender side).
    const received =
      r.end.sum_received?.bits_per_second ?? sum.bits_per_second * (1 - (sum.lost_percent ?? 0) / 100);
    metrics.throughput_gbps = received / 1e9;
    // what the sender put on the wire: sum_sent (3.11+), else sum, which older versions fill from the sender
    metrics.sent_gbps = (r.end.sum_sent?.bits_per_second ?? sum.bits_per_second) / 1e9;
    if (ts.target_bitrate) metrics.offered_gbps = ts.target_bitrate / 1e9;
    else notes.push('offered rate unlimited (-b 0): loss reflects socket buffers, not the datapath');
    if (sum.lost_percent !== undefined) metrics.loss_pct = sum.lost_percent;
    if (sum.jitter_ms !== undefined) metrics.jitter_ms = sum.jitter_ms;
    if (sum.lost_packets !== undefined) metrics.lost_datagrams = sum.lost_packets;
    if (sum.packets !== undefined) metrics.total_datagrams = sum.packets;
  } else {
    return {
      ok: false,
      code: 'TOOL_OUTPUT_INVALID',
      message: `iperf3 protocol ${ts.protocol} is not supported`,
    };
  }
  const points: [number, number][] = r.intervals
    .filter((i) => i.sum.omitted !== true)
    .map((i) => [round(i.sum.end), i.sum.bits_per_second / 1e9]);
  const series: Series[] = points.length > 0 ? [{ metric: 'throughput_gbps', unit: 'Gbit/s', points }] : [];
  const bad = firstNonFinite({ metrics, series });
  if (bad !== undefined)
    return {
      ok: false,
      code: 'TOOL_OUTPUT_INVALID',
      message: `iperf3 JSON holds a value out of range (${bad})`,
    };
  return { ok: true, protocol: ts.protocol, metrics, series, notes };
}

/** To the millisecond; values too large to scale (no real interval end) are kept as they are. */
function round(x: number): number {
  const r = Math.round(x * 1000) / 1000;
  return Number.isFinite(r) ? r : x;
}
