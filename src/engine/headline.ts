import type { Repetition } from '../results/schema.js';

/** A one-line summary of a repetition for progress output. */
export function headline(kind: string, r: Repetition): string {
  if (r.status === 'failed') return `failed: ${r.error?.message ?? 'unknown error'}`;
  const m = r.metrics;
  const f = (v: number | undefined, digits: number, unit: string): string =>
    v === undefined ? '' : `${v.toFixed(digits)} ${unit}`;
  switch (kind) {
    case 'tcp':
      return [f(m.throughput_gbps, 2, 'Gbit/s'), m.retransmits === undefined ? '' : `${m.retransmits} retr`]
        .filter(Boolean)
        .join(', ');
    case 'udp':
      return [f(m.throughput_gbps, 2, 'Gbit/s'), f(m.loss_pct, 3, '% loss'), f(m.jitter_ms, 3, 'ms jitter')]
        .filter(Boolean)
        .join(', ');
    default: {
      const first = Object.entries(m).slice(0, 3);
      return first.map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`).join(', ');
    }
  }
}
