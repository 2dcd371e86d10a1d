import { z } from 'zod';
import { COMMON_METRICS, unknownMetric, type MetricInfo } from '../model/metrics.js';
import { nonEmpty } from '../util/non-empty.js';
import { own } from '../util/own.js';
import { crrMeasurement } from './crr.js';
import { dnsMeasurement } from './dns.js';
import { httpMeasurement } from './http.js';
import { icmpMeasurement } from './icmp.js';
import { podnetMeasurement } from './podnet.js';
import { policyMeasurement } from './policy.js';
import { rrMeasurement } from './rr.js';
import { servicesMeasurement } from './services.js';
import { tcpMeasurement } from './tcp.js';
import { transferMeasurement } from './transfer.js';
import { udpMeasurement } from './udp.js';

/**
 * Every measurement, in the order reports list them. Adding one is a measurement file and one
 * entry here: the config schema, the result enum, metric units and directions follow.
 */
export const MEASUREMENTS = [
  tcpMeasurement,
  udpMeasurement,
  rrMeasurement,
  crrMeasurement,
  httpMeasurement,
  dnsMeasurement,
  transferMeasurement,
  servicesMeasurement,
  icmpMeasurement,
  policyMeasurement,
  podnetMeasurement,
] as const;

export type MeasurementKind = (typeof MEASUREMENTS)[number]['kind'];

export const MEASUREMENT_KINDS: MeasurementKind[] = MEASUREMENTS.map((m) => m.kind);

/** The `measurement` enum of result documents. */
export const MeasurementKindSchema = z.enum(nonEmpty(MEASUREMENT_KINDS, 'measurements'));

/** A suite's measurement entry: the union of every measurement's spec, by `kind`. */
export const MeasurementSpec = z.discriminatedUnion(
  'kind',
  nonEmpty(
    MEASUREMENTS.map((m) => m.spec),
    'measurements',
  ),
);
export type MeasurementSpec = z.infer<typeof MeasurementSpec>;

export function measurementFor(kind: string): (typeof MEASUREMENTS)[number] | undefined {
  return MEASUREMENTS.find((m) => m.kind === kind);
}

/** Unit, better direction and label of any metric name: the measurements' catalogues and the common ones. */
export function metricInfo(name: string): MetricInfo {
  for (const m of MEASUREMENTS) {
    const info = own<MetricInfo>(m.metrics, name);
    if (info !== undefined) return info;
  }
  return own<MetricInfo>(COMMON_METRICS, name) ?? unknownMetric(name);
}

/** A measurement's headline metrics, in order (empty for kinds this version does not know). */
export function headlineMetrics(kind: string): readonly string[] {
  return measurementFor(kind)?.headline ?? [];
}
