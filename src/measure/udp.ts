import type { z } from 'zod';
import type { UdpSpec } from '../config/schema.js';
import { formatBitrate, parseBitrate } from '../util/units.js';
import type { Measurement } from './measurement.js';
import { runIperf3 } from './iperf3-run.js';

type Spec = z.infer<typeof UdpSpec>;

/** UDP loss and jitter with iperf3 at an offered rate (SPEC 6.5: the rate is reported with the loss). */
export const udpMeasurement: Measurement<Spec> = {
  kind: 'udp',
  tool: 'iperf3',
  variants: (spec) =>
    spec.bitrate.map((b) => {
      const bps = parseBitrate(b, 'udp.bitrate');
      const parameters: Record<string, string | number> = {
        bitrate_bps: bps,
        socket_buffer: spec.socketBuffer,
      };
      if (spec.length !== undefined) parameters.length = spec.length;
      return { name: `rate=${formatBitrate(bps)}`, parameters };
    }),
  estimateSeconds: (_spec, _variant, durationS) => durationS + 0.5,
  run: (ctx, variant) => {
    const args = [
      '-u',
      '-b',
      String(variant.parameters.bitrate_bps),
      '-w',
      String(variant.parameters.socket_buffer),
      '-i',
      '1',
    ];
    if (variant.parameters.length !== undefined) args.push('-l', String(variant.parameters.length));
    return runIperf3(ctx, args);
  },
};
