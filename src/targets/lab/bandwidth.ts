import { parseBitrate } from '../../util/units.js';
import type { BandwidthSpec } from './beyond-schema.js';
import type { ConfList } from './cni.js';

/** Bytes of a token bucket: 4 ms at the rate, at least 64 KiB (tbf needs more than one MTU per timer tick). */
function burstBytes(bps: number, spec: BandwidthSpec): number {
  return spec.burst ?? Math.max(65_536, Math.round((bps / 8) * 0.004));
}

/**
 * The `bandwidth` plugin entry chained after a pod's main plugin. Rates in bit/s, bursts in
 * bits, as the plugin takes them.
 */
export function bandwidthPlugin(spec: BandwidthSpec, where: string): ConfList['plugins'][number] {
  const conf: ConfList['plugins'][number] = { type: 'bandwidth' };
  if (spec.egress !== undefined) {
    const bps = parseBitrate(spec.egress, `${where}: bandwidth.egress`);
    conf.egressRate = bps;
    conf.egressBurst = burstBytes(bps, spec) * 8;
  }
  if (spec.ingress !== undefined) {
    const bps = parseBitrate(spec.ingress, `${where}: bandwidth.ingress`);
    conf.ingressRate = bps;
    conf.ingressBurst = burstBytes(bps, spec) * 8;
  }
  return conf;
}

/** A conflist with the bandwidth plugin appended, when the scenario limits pods. */
export function withBandwidth(list: ConfList, spec: BandwidthSpec | undefined, where: string): ConfList {
  return spec === undefined ? list : { ...list, plugins: [...list.plugins, bandwidthPlugin(spec, where)] };
}
