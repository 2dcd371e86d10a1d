/** Which direction of a metric counts as better. */
export type Better = 'higher' | 'lower' | 'none';

export interface MetricInfo {
  unit: string;
  better: Better;
  label: string;
}

/**
 * The catalogue of metric names. Names are stable snake_case: CSV consumers, compare and
 * regression gates rely on them.
 */
export const METRICS = {
  throughput_gbps: { unit: 'Gbit/s', better: 'higher', label: 'throughput' },
  retransmits: { unit: 'count', better: 'lower', label: 'retransmits' },
  sender_cpu_pct: { unit: '%', better: 'lower', label: 'sender CPU' },
  receiver_cpu_pct: { unit: '%', better: 'lower', label: 'receiver CPU' },
  offered_gbps: { unit: 'Gbit/s', better: 'none', label: 'offered rate' },
  loss_pct: { unit: '%', better: 'lower', label: 'loss' },
  lost_datagrams: { unit: 'count', better: 'lower', label: 'lost datagrams' },
  total_datagrams: { unit: 'count', better: 'none', label: 'datagrams' },
  jitter_ms: { unit: 'ms', better: 'lower', label: 'jitter' },
  latency_p50_us: { unit: 'us', better: 'lower', label: 'p50' },
  latency_p90_us: { unit: 'us', better: 'lower', label: 'p90' },
  latency_p99_us: { unit: 'us', better: 'lower', label: 'p99' },
  latency_p999_us: { unit: 'us', better: 'lower', label: 'p99.9' },
  rate_per_s: { unit: '1/s', better: 'higher', label: 'rate' },
  errors: { unit: 'count', better: 'lower', label: 'errors' },
  softirq_cpu_pct: { unit: '%', better: 'lower', label: 'softirq CPU' },
  system_cpu_pct: { unit: '%', better: 'lower', label: 'system CPU' },
  path_mtu: { unit: 'bytes', better: 'none', label: 'MTU' },
  cni_cpu_pct: { unit: '%', better: 'lower', label: 'CNI agent CPU' },
  cni_memory_mib: { unit: 'MiB', better: 'lower', label: 'CNI agent memory' },
  node_cpu_pct: { unit: '%', better: 'lower', label: 'node CPU' },
  service_rules: { unit: 'count', better: 'none', label: 'Service rules' },
  connect_ms: { unit: 'ms', better: 'lower', label: 'connect time' },
  first_byte_ms: { unit: 'ms', better: 'lower', label: 'time to first byte' },
  failure_pct: { unit: '%', better: 'lower', label: 'failures' },
  offered_rate_per_s: { unit: '1/s', better: 'none', label: 'offered rate' },
} as const satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof METRICS;

export function metricInfo(name: string): MetricInfo {
  return (METRICS as Record<string, MetricInfo>)[name] ?? { unit: '', better: 'none', label: name };
}
