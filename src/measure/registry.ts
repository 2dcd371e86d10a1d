import type { MeasurementSpec } from '../config/schema.js';
import type { Measurement } from './measurement.js';
import type { MeasurementKind } from './placement.js';
import { tcpMeasurement } from './tcp.js';
import { udpMeasurement } from './udp.js';
import { rrMeasurement } from './rr.js';
import { crrMeasurement } from './crr.js';
import { httpMeasurement } from './http.js';
import { dnsMeasurement } from './dns.js';
import { transferMeasurement } from './transfer.js';
import { servicesMeasurement } from './services.js';

type SpecOf<K extends MeasurementSpec['kind']> = Extract<MeasurementSpec, { kind: K }>;

/** Every measurement kind the config schema accepts must have an implementation here. */
const REGISTRY: { [K in MeasurementSpec['kind']]: Measurement<SpecOf<K>> } = {
  tcp: tcpMeasurement,
  udp: udpMeasurement,
  rr: rrMeasurement,
  crr: crrMeasurement,
  http: httpMeasurement,
  dns: dnsMeasurement,
  transfer: transferMeasurement,
  services: servicesMeasurement,
};

export function measurementFor<K extends MeasurementSpec['kind']>(kind: K): Measurement<SpecOf<K>> {
  return REGISTRY[kind];
}

export function implementedKinds(): MeasurementKind[] {
  return Object.keys(REGISTRY) as MeasurementKind[];
}
