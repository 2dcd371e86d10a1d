import type { MeasurementResult, ResultDocument } from '../results/schema.js';
import type { Summary } from '../model/summary.js';
import { parseBitrate } from '../util/units.js';

export type BottleneckKind = 'link-bound' | 'cpu-bound' | 'loss-bound';

/** A note qualifying one figure: why it may measure the ceiling rather than the CNI (SPEC 6.3, 6.5). */
export interface BottleneckNote {
  scenario: string;
  placement: string;
  measurement: string;
  variant: string;
  /** The figure the note qualifies. */
  metric: string;
  kind: BottleneckKind;
  message: string;
}

export interface BottleneckThresholds {
  /** Fraction of the host baseline or shaped link rate from which a throughput is link-bound. */
  linkFraction: number;
  /** iperf3 CPU % on either end from which a run is CPU-bound. */
  cpuPct: number;
  /** UDP loss % from which the offered rate exceeds what the path carries. */
  lossPct: number;
}

export const DEFAULT_THRESHOLDS: BottleneckThresholds = { linkFraction: 0.9, cpuPct: 90, lossPct: 1 };

/** Bottleneck notes for every result of a document, as data; renderers show them next to the figures. */
export function bottleneckNotes(
  doc: ResultDocument,
  t: BottleneckThresholds = DEFAULT_THRESHOLDS,
): BottleneckNote[] {
  const notes: BottleneckNote[] = [];
  for (const r of doc.results) {
    const add = (metric: string, kind: BottleneckKind, message: string): void => {
      notes.push({
        scenario: r.scenario,
        placement: r.placement,
        measurement: r.measurement,
        variant: r.variant,
        metric,
        kind,
        message,
      });
    };
    const tput = find(r, 'throughput_gbps');
    const offered = find(r, 'offered_gbps');
    // A UDP figure at its offered rate is bounded by that rate, not by the link.
    const atOffered =
      tput !== undefined && offered !== undefined && tput.median >= t.linkFraction * offered.median;
    if (tput !== undefined && !atOffered) {
      const host = r.placement === 'host' ? undefined : hostBaseline(doc, r);
      if (host !== undefined && host > 0 && tput.median >= t.linkFraction * host) {
        add(
          'throughput_gbps',
          'link-bound',
          `${pct(tput.median / host)} of the host-network baseline (${fmt(host)} Gbit/s)`,
        );
      }
      const link = linkRateGbps(doc, r.scenario);
      if (link !== undefined && tput.median >= t.linkFraction * link) {
        add(
          'throughput_gbps',
          'link-bound',
          `${pct(tput.median / link)} of the shaped link rate (${fmt(link)} Gbit/s)`,
        );
      }
    }
    for (const metric of ['sender_cpu_pct', 'receiver_cpu_pct']) {
      const cpu = find(r, metric);
      if (cpu !== undefined && cpu.median > t.cpuPct) {
        const end = metric.startsWith('sender') ? 'sender' : 'receiver';
        add(
          tput === undefined ? metric : 'throughput_gbps',
          'cpu-bound',
          `iperf3 ${end} CPU at ${fmt(cpu.median)}%`,
        );
      }
    }
    const loss = find(r, 'loss_pct');
    if (loss !== undefined && loss.median >= t.lossPct) {
      const at = offered === undefined ? '' : ` at an offered ${fmt(offered.median)} Gbit/s`;
      add(
        'loss_pct',
        'loss-bound',
        `${fmt(loss.median)}% datagrams lost${at}: buffers or rate limits, not the path`,
      );
    }
  }
  return notes;
}

function find(r: MeasurementResult, metric: string): Summary | undefined {
  return r.summaries.find((s) => s.metric === metric);
}

function hostBaseline(doc: ResultDocument, r: MeasurementResult): number | undefined {
  const host = doc.results.find(
    (h) =>
      h.scenario === r.scenario &&
      h.placement === 'host' &&
      h.measurement === r.measurement &&
      h.variant === r.variant,
  );
  return host === undefined ? undefined : find(host, 'throughput_gbps')?.median;
}

function linkRateGbps(doc: ResultDocument, scenario: string): number | undefined {
  const rate = doc.scenarios.find((s) => s.name === scenario)?.config['linkRate'];
  if (typeof rate !== 'string') return undefined;
  try {
    return parseBitrate(rate, 'linkRate') / 1e9;
  } catch {
    return undefined;
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
