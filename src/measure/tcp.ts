import { z } from 'zod';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { defineMeasurement } from './define.js';
import { runIperf3 } from './iperf3-run.js';

export const TcpSpec = z.strictObject({
  kind: z.literal('tcp'),
  /** Parallel streams; one variant per entry. */
  streams: z.array(z.number().int().min(1).max(128)).min(1).default([1, 4]),
});

const METRICS = {
  throughput_gbps: headline(METRIC.throughput_gbps),
  retransmits: headline(METRIC.retransmits),
  sender_cpu_pct: METRIC.sender_cpu_pct,
  receiver_cpu_pct: METRIC.receiver_cpu_pct,
} as const satisfies MetricCatalogue;

/** TCP throughput with iperf3, one variant per stream count; warm-up seconds omitted (-O). */
export const tcpMeasurement = defineMeasurement({
  kind: 'tcp',
  tool: 'iperf3',
  summary: 'TCP throughput (receiver side), retransmits and both ends\u2019 CPU, 1 and N streams',
  spec: TcpSpec,
  metrics: METRICS,
  tools: () => ['iperf3'],
  variants: (spec) => spec.streams.map((n) => ({ name: `streams=${n}`, params: { streams: n } })),
  estimateSeconds: (_p, t) => t.durationS + t.warmupS + 0.5,
  run: (ctx, p) => runIperf3(ctx, ['-P', String(p.streams), '-O', String(ctx.warmupS), '-i', '1'], METRICS),
});
