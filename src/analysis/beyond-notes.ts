import type { MeasurementResult, ResultDocument } from '../results/schema.js';
import { parseBitrate } from '../util/units.js';

/**
 * The rate a scenario's pods are limited to by the bandwidth CNI plugin (`bandwidth.egress` /
 * `ingress` in its config), in Gbit/s: the smaller of the two. Host paths are not limited.
 */
export function podRateLimitGbps(doc: ResultDocument, r: MeasurementResult): number | undefined {
  if (r.placement === 'host') return undefined;
  const bw = doc.scenarios.find((s) => s.name === r.scenario)?.config['bandwidth'];
  if (typeof bw !== 'object' || bw === null) return undefined;
  const rates = ['egress', 'ingress']
    .map((k) => (bw as Record<string, unknown>)[k])
    .filter((x): x is string => typeof x === 'string')
    .flatMap((x) => {
      try {
        return [parseBitrate(x, 'bandwidth') / 1e9];
      } catch {
        return [];
      }
    });
  return rates.length === 0 ? undefined : Math.min(...rates);
}

/**
 * The MTU mistake: an end whose interface MTU is larger than the path MTU measured between
 * the ends (lab: a DF ping), so full-size packets are fragmented or vanish.
 */
export function mtuMistake(r: MeasurementResult): { message: string; short: string } | undefined {
  if (r.path === undefined) return undefined;
  const path = r.path.pathMtu;
  const mtu = Math.max(r.path.client.mtu ?? 0, r.path.server.mtu ?? 0);
  if (path === undefined || mtu <= path) return undefined;
  return {
    message: `pod MTU ${mtu} is larger than the measured path MTU ${path}: packets above ${path} bytes are fragmented or dropped on the way (set the pod MTU to ${path} or less)`,
    short: `MTU ${mtu} > path ${path}`,
  };
}
