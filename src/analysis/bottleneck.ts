import type { MeasurementResult, ResultDocument } from '../results/schema.js';
import type { Summary } from '../model/summary.js';
import { parseBitrate } from '../util/units.js';
import { mtuMistake, podRateLimitGbps } from './beyond-notes.js';

export type BottleneckKind = 'link-bound' | 'cpu-bound' | 'loss-bound' | 'sender-bound' | 'mtu-bound';

/** A note qualifying one figure: why it may measure a ceiling rather than the CNI (SPEC 6.3, 6.5). */
export interface BottleneckNote {
  scenario: string;
  placement: string;
  measurement: string;
  variant: string;
  /** The figure the note qualifies. */
  metric: string;
  kind: BottleneckKind;
  message: string;
  /** The evidence in a few words, for narrow cells: "sender CPU 97%", "sent 0.54 of 1 Gbit/s". */
  short: string;
}

export interface BottleneckThresholds {
  /** Fraction of the host baseline or shaped link rate from which a throughput is link-bound. */
  linkFraction: number;
  /** iperf3 CPU % on either end from which a run is CPU-bound. */
  cpuPct: number;
  /** UDP loss % from which the offered rate exceeds what the path carries. */
  lossPct: number;
  /** Fraction of the offered UDP rate below which the sender did not reach it. */
  offeredFraction: number;
}

export const DEFAULT_THRESHOLDS: BottleneckThresholds = {
  linkFraction: 0.9,
  cpuPct: 90,
  lossPct: 1,
  offeredFraction: 0.9,
};

/** Placements whose traffic crosses the nodes' link: only they can be bound by it. */
const CROSSES_LINK: ReadonlySet<string> = new Set(['cross-node', 'service', 'host']);

/** Bottleneck notes for every result of a document, as data; renderers show them next to the figures. */
export function bottleneckNotes(
  doc: ResultDocument,
  t: BottleneckThresholds = DEFAULT_THRESHOLDS,
): BottleneckNote[] {
  const notes: BottleneckNote[] = [];
  for (const r of doc.results) {
    const add = (metric: string, kind: BottleneckKind, note: { message: string; short: string }): void => {
      notes.push({
        scenario: r.scenario,
        placement: r.placement,
        measurement: r.measurement,
        variant: r.variant,
        metric,
        kind,
        ...note,
      });
    };
    const sender = senderBound(r, t);
    if (sender !== undefined) add('throughput_gbps', 'sender-bound', sender);
    for (const note of linkBound(doc, r, t)) add('throughput_gbps', 'link-bound', note);
    const mtu = mtuMistake(r);
    if (mtu !== undefined) add(find(r, 'throughput_gbps') ? 'throughput_gbps' : 'path_mtu', 'mtu-bound', mtu);
    const tput = find(r, 'throughput_gbps');
    for (const metric of ['sender_cpu_pct', 'receiver_cpu_pct']) {
      const cpu = find(r, metric);
      if (cpu !== undefined && cpu.median > t.cpuPct) {
        const end = metric.startsWith('sender') ? 'sender' : 'receiver';
        add(tput === undefined ? metric : 'throughput_gbps', 'cpu-bound', {
          message: `iperf3 ${end} CPU at ${fmt(cpu.median)}%`,
          short: `${end} CPU ${cpu.median.toFixed(0)}%`,
        });
      }
    }
    const loss = find(r, 'loss_pct');
    const offered = find(r, 'offered_gbps');
    if (loss !== undefined && loss.median >= t.lossPct) {
      const at = offered === undefined ? '' : ` at an offered ${fmt(offered.median)} Gbit/s`;
      add('loss_pct', 'loss-bound', {
        message: `${fmt(loss.median)}% datagrams lost${at}: buffers or rate limits, not the path`,
        short: `${fmt(loss.median)}% lost${at}`,
      });
    }
  }
  return notes;
}

/**
 * A UDP sender that did not reach the offered rate: its loss says nothing about the offered
 * rate ("0% loss at 1G" when 0.5G was sent).
 */
function senderBound(
  r: MeasurementResult,
  t: BottleneckThresholds,
): { message: string; short: string } | undefined {
  const offered = find(r, 'offered_gbps');
  const sent =
    find(r, 'sent_gbps') ?? (find(r, 'loss_pct')?.median === 0 ? find(r, 'throughput_gbps') : undefined);
  if (offered === undefined || sent === undefined || offered.median <= 0) return undefined;
  if (sent.median >= t.offeredFraction * offered.median) return undefined;
  return {
    message: `offered rate not reached (sender-bound): sent ${fmt(sent.median)} of the ${fmt(offered.median)} Gbit/s offered, so its loss describes ${fmt(sent.median)} Gbit/s`,
    short: `sent ${fmt(sent.median)} of ${fmt(offered.median)} Gbit/s offered`,
  };
}

/**
 * A throughput near what the link carries: the same path's host-network baseline (for paths
 * that cross the link besides the baseline itself), or the shaped link rate. A same-node path
 * never crosses the link; a UDP figure at its offered rate is bounded by that rate instead.
 */
function linkBound(
  doc: ResultDocument,
  r: MeasurementResult,
  t: BottleneckThresholds,
): { message: string; short: string }[] {
  const tput = find(r, 'throughput_gbps');
  const offered = find(r, 'offered_gbps');
  if (tput === undefined) return [];
  if (offered !== undefined && tput.median >= t.offeredFraction * offered.median) return [];
  // One note, the most specific evidence: the pods' own limit, then a shaped link, then the baseline.
  // The bandwidth CNI plugin's pod limit binds every pod path, same-node ones too.
  const limit = podRateLimitGbps(doc, r);
  if (limit !== undefined && tput.median >= t.linkFraction * limit && tput.median <= limit / t.linkFraction) {
    return [
      {
        message: `${pct(tput.median / limit)} of the pods' rate limit (${fmt(limit)} Gbit/s, bandwidth plugin)`,
        short: `${pct(tput.median / limit)} of the ${fmt(limit)} Gbit/s pod limit`,
      },
    ];
  }
  if (!CROSSES_LINK.has(r.placement)) return [];
  const link = linkRateGbps(doc, r.scenario);
  if (link !== undefined && tput.median >= t.linkFraction * link) {
    return [
      {
        message: `${pct(tput.median / link)} of the shaped link rate (${fmt(link)} Gbit/s)`,
        short: `${pct(tput.median / link)} of the ${fmt(link)} Gbit/s link`,
      },
    ];
  }
  const host = r.placement === 'host' ? undefined : hostBaseline(doc, r);
  // near the baseline, not far above it: a path much faster than its baseline shows that the
  // baseline did not reach the link's capacity either, so it cannot say the path did
  if (
    host !== undefined &&
    host > 0 &&
    tput.median >= t.linkFraction * host &&
    tput.median <= host / t.linkFraction
  ) {
    return [
      {
        message: `${pct(tput.median / host)} of the host-network baseline (${fmt(host)} Gbit/s) on the same link`,
        short: `${pct(tput.median / host)} of the host baseline`,
      },
    ];
  }
  return [];
}

/** One line for a kind of note that holds for every figure of a measurement, instead of a note per figure. */
export interface Banner {
  measurement: string;
  kind: BottleneckKind;
  message: string;
}

/**
 * Splits notes into banners (a kind that qualifies every throughput figure of a measurement,
 * e.g. every TCP figure CPU-bound) and the remaining per-figure notes.
 */
export function groupNotes(
  docs: readonly ResultDocument[],
  notes: readonly BottleneckNote[],
): { banners: Banner[]; notes: BottleneckNote[] } {
  const banners: Banner[] = [];
  const key = (n: Pick<BottleneckNote, 'scenario' | 'placement' | 'measurement' | 'variant'>): string =>
    `${n.scenario}|${n.placement}|${n.measurement}|${n.variant}`;
  const measurements = [...new Set(docs.flatMap((d) => d.results.map((r) => r.measurement)))];
  let rest = [...notes];
  for (const m of measurements) {
    const figures = docs
      .flatMap((d) => d.results)
      .filter((r) => r.measurement === m && find(r, 'throughput_gbps'));
    if (figures.length < 2) continue;
    for (const kind of ['cpu-bound', 'sender-bound'] as const) {
      const marked = new Set(rest.filter((n) => n.measurement === m && n.kind === kind).map(key));
      if (!figures.every((r) => marked.has(key(r)))) continue;
      banners.push({ measurement: m, kind, message: bannerText(m, kind) });
      rest = rest.filter((n) => !(n.measurement === m && n.kind === kind));
    }
  }
  return { banners, notes: rest };
}

function bannerText(measurement: string, kind: BottleneckKind): string {
  return kind === 'cpu-bound'
    ? `every ${measurement} figure is CPU-bound (an iperf3 end above 90% CPU): they compare what the CPU can push through each datapath, not the link`
    : `no ${measurement} sender reached its offered rate: the loss figures describe the rate actually sent`;
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
