import type { Placement } from '../../src/model/placement.js';
import type { ResultDocument } from '../../src/results/schema.js';

export type Metrics = Partial<Record<string, number>>;

export interface Timing {
  durationS: number;
  warmupS: number;
}

/** One measurement compared: raw tools against cnibench, on one placement. */
export type Case = { placement: Placement; name: string } & (
  { kind: 'tcp'; streams: number } | { kind: 'udp'; bitrate: string } | { kind: 'rr'; messageSize: number }
);

/** A figure compared for a case, on the ratio or (for loss, often 0) the difference scale. */
export interface Compared {
  metric: string;
  label: string;
  unit: string;
  scale: 'ratio' | 'difference';
}

export const UDP_RATE = '1G';

/** The cases of one placement, in the order cnibench's suite runs them. */
export function casesFor(placement: Placement, kinds: readonly string[]): Case[] {
  const all: Case[] = [
    { placement, name: 'tcp streams=1', kind: 'tcp', streams: 1 },
    { placement, name: 'tcp streams=4', kind: 'tcp', streams: 4 },
    { placement, name: `udp rate=${UDP_RATE}`, kind: 'udp', bitrate: UDP_RATE },
    { placement, name: 'rr size=64B', kind: 'rr', messageSize: 64 },
  ];
  return all.filter((c) => kinds.includes(c.name.split(' ')[0]!) || kinds.includes(c.name));
}

export function comparedFigures(c: Case): Compared[] {
  switch (c.kind) {
    case 'tcp':
      return [{ metric: 'throughput_gbps', label: 'throughput', unit: 'Gbit/s', scale: 'ratio' }];
    case 'udp':
      return [{ metric: 'loss_pct', label: 'loss', unit: 'pp', scale: 'difference' }];
    case 'rr':
      return [
        { metric: 'latency_p50_us', label: 'p50', unit: 'us', scale: 'ratio' },
        { metric: 'latency_p99_us', label: 'p99', unit: 'us', scale: 'ratio' },
      ];
  }
}

/** The config file of cnibench's side: the same cases as one suite, one repetition per run. */
export function suiteConfig(profiles: readonly string[], cases: readonly Case[], timing: Timing): object {
  const placements = [...new Set(cases.map((c) => c.placement))];
  const first = cases.filter((c) => c.placement === placements[0]);
  const measurements: object[] = [];
  const streams = first.flatMap((c) => (c.kind === 'tcp' ? [c.streams] : []));
  if (streams.length > 0) measurements.push({ kind: 'tcp', streams });
  for (const c of first) {
    if (c.kind === 'udp') measurements.push({ kind: 'udp', bitrate: [c.bitrate] });
    if (c.kind === 'rr') measurements.push({ kind: 'rr', messageSize: [c.messageSize] });
  }
  return {
    version: 1,
    target: 'lab',
    scenarios: profiles.map((p) => ({ name: p, target: 'lab', profile: p })),
    suites: {
      fidelity: {
        repeat: 1,
        duration: `${timing.durationS}s`,
        warmup: `${timing.warmupS}s`,
        placements,
        measurements,
      },
    },
  };
}

/** cnibench's figures of a case in a result document (its first successful repetition). */
export function cnibenchMetrics(doc: ResultDocument, c: Case): Metrics {
  const variant =
    c.kind === 'tcp' ? `streams=${c.streams}` : c.kind === 'rr' ? `size=${c.messageSize}B` : undefined;
  const r = doc.results.find(
    (x) =>
      x.placement === c.placement &&
      x.measurement === c.kind &&
      (variant === undefined || x.variant === variant),
  );
  return r?.repetitions.find((rep) => rep.status === 'ok')?.metrics ?? {};
}
