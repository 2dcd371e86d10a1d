import { z } from 'zod';
import { bitrateField } from '../model/fields.js';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { formatBitrate, parseBitrate } from '../util/units.js';
import { defineMeasurement } from './define.js';
import { runIperf3 } from './iperf3-run.js';
import { accountExcess, readDrops } from './udp-drops.js';
import type { RawOutput } from '../model/raw-output.js';

export const UdpSpec = z.strictObject({
  kind: z.literal('udp'),
  /** Offered rate; one variant per entry. */
  bitrate: z.array(bitrateField).min(1).default(['1G']),
  /** Datagram payload in bytes; default: iperf3 picks from the path MTU. */
  length: z.number().int().min(64).max(65507).optional(),
  /**
   * Socket buffer size (iperf3 -w). Large by default so that loss reflects the datapath, not a
   * small receive buffer (SPEC 6.5); the kernel caps it at net.core.rmem_max/wmem_max.
   */
  socketBuffer: z
    .string()
    .regex(/^\d+[KMG]?$/, 'write a size like 4M or 512K')
    .default('4M'),
});

const METRICS = {
  throughput_gbps: headline(METRIC.throughput_gbps),
  loss_pct: headline(METRIC.loss_pct),
  jitter_ms: headline(METRIC.jitter_ms),
  offered_gbps: METRIC.offered_gbps,
  sent_gbps: METRIC.sent_gbps,
  lost_datagrams: METRIC.lost_datagrams,
  total_datagrams: METRIC.total_datagrams,
  sender_cpu_pct: METRIC.sender_cpu_pct,
  receiver_cpu_pct: METRIC.receiver_cpu_pct,
  qdisc_drops: METRIC.qdisc_drops,
  socket_drops: METRIC.socket_drops,
} as const satisfies MetricCatalogue;

/** UDP loss and jitter with iperf3 at an offered rate (SPEC 6.5: the rate is reported with the loss). */
export const udpMeasurement = defineMeasurement({
  kind: 'udp',
  tool: 'iperf3',
  summary: 'UDP received rate, loss and jitter at an offered rate (default 1 Gbit/s)',
  spec: UdpSpec,
  metrics: METRICS,
  tools: () => ['iperf3'],
  variants: (spec) =>
    spec.bitrate.map((b) => {
      const bps = parseBitrate(b, 'udp.bitrate');
      const params: { bitrate_bps: number; socket_buffer: string; length?: number } = {
        bitrate_bps: bps,
        socket_buffer: spec.socketBuffer,
      };
      if (spec.length !== undefined) params.length = spec.length;
      return { name: `rate=${formatBitrate(bps)}`, params };
    }),
  estimateSeconds: (_p, t) => t.durationS + 0.5,
  run: async (ctx, p) => {
    const args = ['-u', '-b', String(p.bitrate_bps), '-w', p.socket_buffer, '-i', '1'];
    if (p.length !== undefined) args.push('-l', String(p.length));
    const counters: RawOutput[] = [];
    const before = await readDrops(ctx, counters, 'before');
    const out = await runIperf3(ctx, args, METRICS);
    const sent = out.status === 'ok' ? out.metrics.sent_gbps : undefined;
    const offered = p.bitrate_bps / 1e9;
    out.raw.push(...counters);
    if (out.status === 'ok') {
      const excess = accountExcess(before, await readDrops(ctx, out.raw, 'after'), {
        offered,
        ...(sent !== undefined ? { sent } : {}),
        ...(out.metrics.throughput_gbps !== undefined ? { received: out.metrics.throughput_gbps } : {}),
        ...(out.metrics.lost_datagrams !== undefined ? { lost: out.metrics.lost_datagrams } : {}),
      });
      out.metrics.qdisc_drops = excess.qdisc_drops;
      if (excess.socket_drops !== undefined) out.metrics.socket_drops = excess.socket_drops;
      out.notes = [...(out.notes ?? []), excess.note];
    }
    if (out.status === 'ok' && sent !== undefined && sent < 0.9 * offered) {
      out.notes = [
        ...(out.notes ?? []),
        `offered rate not reached (sender-bound): sent ${sent.toFixed(3)} of ${offered} Gbit/s; the loss describes the rate sent`,
      ];
    }
    return out;
  },
});
