import type { Placement } from '../model/placement.js';
import type { MeasurementKind } from '../measure/registry.js';

/** The columns of a k8s-netperf row that say what was measured where. */
export interface NetperfRow {
  driver: string;
  profile: string;
  sameNode: boolean;
  hostNetwork: boolean;
  service: boolean;
  externalServer: boolean;
  parallelism: number;
  messageSize: number;
  burst: number;
  udn: string;
  bridge: string;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * k8s-netperf's booleans onto cnibench placements: pod network same/cross node, `Service`
 * (client pod to a ClusterIP) and `Host Network` across nodes (the bare-metal baseline).
 */
export function placementOf(r: NetperfRow): Mapped<Placement> {
  if (r.externalServer)
    return { ok: false, reason: 'a server outside the cluster has no cnibench placement' };
  if (r.service && r.hostNetwork)
    return { ok: false, reason: 'host network to a Service has no cnibench placement' };
  if (r.service) return { ok: true, value: 'service' };
  if (r.hostNetwork && r.sameNode)
    return { ok: false, reason: 'host network on one node (loopback) has no cnibench placement' };
  if (r.hostNetwork) return { ok: true, value: 'host' };
  return { ok: true, value: r.sameNode ? 'same-node' : 'cross-node' };
}

const PROFILES: Record<string, MeasurementKind> = {
  TCP_STREAM: 'tcp',
  UDP_STREAM: 'udp',
  TCP_RR: 'rr',
  TCP_CRR: 'crr',
};

/** netperf-style profiles onto measurements; UDP_RR has none (cnibench's rr is TCP). */
export function measurementOf(profile: string): Mapped<MeasurementKind> {
  const kind = PROFILES[profile];
  return kind === undefined
    ? { ok: false, reason: `profile ${profile} has no cnibench measurement` }
    : { ok: true, value: kind };
}

/** `driver=netperf,streams=1,size=1024B`: every column that makes two rows different tests. */
export function netperfVariant(r: NetperfRow): string {
  const parts = [`driver=${r.driver}`, `streams=${r.parallelism}`, `size=${r.messageSize}B`];
  if (r.burst > 0) parts.push(`burst=${r.burst}`);
  if (r.udn !== '') parts.push(`udn=${r.udn}`);
  if (r.bridge !== '') parts.push(`bridge=${r.bridge}`);
  return parts.join(',');
}

/** The row's test in words, for notes about what was not imported. */
export function describe(r: NetperfRow): string {
  const where = [r.hostNetwork ? 'host network' : 'pod network', r.sameNode ? 'same node' : 'across nodes'];
  if (r.service) where.push('via a Service');
  if (r.externalServer) where.push('external server');
  return `${r.driver} ${r.profile} (${where.join(', ')}, ${r.parallelism} stream(s), ${r.messageSize} B messages)`;
}
