/** Which direction of a metric counts as better. */
export type Better = 'higher' | 'lower' | 'none';

export interface MetricInfo {
  unit: string;
  better: Better;
  label: string;
}

/** A metric as a measurement declares it: its meaning, and whether reports show it first. */
export interface MetricEntry extends MetricInfo {
  /** Headline metrics lead tables and verdicts, in the order the measurement lists them. */
  headline?: boolean;
}

/** A measurement's metric catalogue: every metric it may report, by stable snake_case name. */
export type MetricCatalogue<M extends string = string> = { readonly [K in M]: MetricEntry };

/**
 * Definitions measurements pick from, so that one name means one thing everywhere. Names are
 * stable snake_case: CSV consumers, compare and regression gates rely on them (SPEC 4).
 */
export const METRIC = {
  throughput_gbps: { unit: 'Gbit/s', better: 'higher', label: 'throughput' },
  retransmits: { unit: 'count', better: 'lower', label: 'retransmits' },
  sender_cpu_pct: { unit: '%', better: 'lower', label: 'sender CPU' },
  receiver_cpu_pct: { unit: '%', better: 'lower', label: 'receiver CPU' },
  offered_gbps: { unit: 'Gbit/s', better: 'none', label: 'offered rate' },
  sent_gbps: { unit: 'Gbit/s', better: 'none', label: 'sent rate' },
  loss_pct: { unit: '%', better: 'lower', label: 'loss' },
  lost_datagrams: { unit: 'count', better: 'lower', label: 'lost datagrams' },
  total_datagrams: { unit: 'count', better: 'none', label: 'datagrams' },
  jitter_ms: { unit: 'ms', better: 'lower', label: 'jitter' },
  // where UDP's excess went (measure/udp-drops.ts)
  qdisc_drops: { unit: 'count', better: 'lower', label: 'qdisc drops' },
  socket_drops: { unit: 'count', better: 'lower', label: 'receiver socket drops' },
  latency_p50_us: { unit: 'us', better: 'lower', label: 'p50' },
  latency_p90_us: { unit: 'us', better: 'lower', label: 'p90' },
  latency_p99_us: { unit: 'us', better: 'lower', label: 'p99' },
  latency_p999_us: { unit: 'us', better: 'lower', label: 'p99.9' },
  rate_per_s: { unit: '1/s', better: 'higher', label: 'rate' },
  errors: { unit: 'count', better: 'lower', label: 'errors' },
  service_rules: { unit: 'count', better: 'none', label: 'Service rules' },
  connect_ms: { unit: 'ms', better: 'lower', label: 'connect time' },
  first_byte_ms: { unit: 'ms', better: 'lower', label: 'time to first byte' },
  failure_pct: { unit: '%', better: 'lower', label: 'failures' },
  offered_rate_per_s: { unit: '1/s', better: 'none', label: 'offered rate' },
} as const satisfies Record<string, MetricInfo>;

/** A headline entry of a library metric. */
export function headline(info: MetricInfo): MetricEntry {
  return { ...info, headline: true };
}

/**
 * Metrics the engine adds to every measurement: the path MTU and the datapath's resource use
 * (lab: softirq/system CPU from /proc; Kubernetes: the CNI agents).
 */
export const COMMON_METRICS = {
  path_mtu: { unit: 'bytes', better: 'none', label: 'MTU' },
  softirq_cpu_pct: { unit: '%', better: 'lower', label: 'softirq CPU' },
  system_cpu_pct: { unit: '%', better: 'lower', label: 'system CPU' },
  cni_cpu_pct: { unit: '%', better: 'lower', label: 'CNI agent CPU' },
  cni_memory_mib: { unit: 'MiB', better: 'lower', label: 'CNI agent memory' },
  node_cpu_pct: { unit: '%', better: 'lower', label: 'node CPU' },
} as const satisfies MetricCatalogue;

/** What is known of a metric name that no catalogue holds (e.g. from a newer version's file). */
export function unknownMetric(name: string): MetricInfo {
  return { unit: '', better: 'none', label: name };
}

/** A metric of the shared library or the common ones, by name (measurements may define more). */
export function libraryMetricInfo(name: string): MetricInfo {
  const lib: Readonly<Record<string, MetricInfo>> = { ...METRIC, ...COMMON_METRICS };
  return Object.prototype.hasOwnProperty.call(lib, name) ? lib[name]! : unknownMetric(name);
}
