import type { MeasurementResult, ResultDocument, Summary } from '../results/schema.js';

/** One summary figure with everything that identifies it: the long-form row of SPEC section 4. */
export interface FigureRow {
  run: string;
  target: string;
  scenario: string;
  placement: string;
  measurement: string;
  variant: string;
  summary: Summary;
}

/** Metrics shown first for each measurement kind; others follow in the long-form outputs. */
export const PRIMARY_METRICS: Record<string, string[]> = {
  tcp: ['throughput_gbps', 'retransmits'],
  udp: ['throughput_gbps', 'loss_pct', 'jitter_ms'],
  rr: ['latency_p50_us', 'latency_p99_us', 'rate_per_s'],
  crr: ['latency_p50_us', 'latency_p99_us', 'rate_per_s'],
  http: ['latency_p50_us', 'latency_p99_us', 'rate_per_s', 'errors'],
  dns: ['latency_p50_us', 'latency_p99_us', 'errors'],
  transfer: ['throughput_gbps'],
  services: ['latency_p50_us', 'latency_p99_us'],
};

export function figureRows(docs: readonly ResultDocument[]): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const doc of docs) {
    for (const r of doc.results) {
      for (const s of orderedSummaries(r)) {
        rows.push({
          run: doc.run.id,
          target: doc.run.target,
          scenario: r.scenario,
          placement: r.placement,
          measurement: r.measurement,
          variant: r.variant,
          summary: s,
        });
      }
    }
  }
  return rows;
}

/** Summaries with the primary metrics first, then the rest by name. */
export function orderedSummaries(r: MeasurementResult): Summary[] {
  const primary = PRIMARY_METRICS[r.measurement] ?? [];
  const rank = (m: string): number => {
    const i = primary.indexOf(m);
    return i === -1 ? primary.length : i;
  };
  return [...r.summaries].sort((a, b) => rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric));
}
