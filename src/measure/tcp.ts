import type { z } from 'zod';
import type { TcpSpec } from '../config/schema.js';
import type { Measurement } from './measurement.js';
import { runIperf3 } from './iperf3-run.js';

type Spec = z.infer<typeof TcpSpec>;

/** TCP throughput with iperf3, one variant per stream count; warm-up seconds omitted (-O). */
export const tcpMeasurement: Measurement<Spec> = {
  kind: 'tcp',
  tool: 'iperf3',
  variants: (spec) => spec.streams.map((n) => ({ name: `streams=${n}`, parameters: { streams: n } })),
  estimateSeconds: (_spec, _variant, durationS, warmupS) => durationS + warmupS + 0.5,
  run: (ctx, variant) => {
    const streams = Number(variant.parameters.streams);
    return runIperf3(ctx, ['-P', String(streams), '-O', String(ctx.warmupS), '-i', '1']);
  },
};
