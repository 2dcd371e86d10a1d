import { z } from 'zod';
import { PLACEMENTS } from '../measure/placement.js';

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'use lower-case letters, digits, ".", "_" or "-" (at most 63)');
const durationText = z.union([
  z.number().min(0),
  z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)?$/, 'write a duration like 10s, 500ms or 2m'),
]);
const bitrateText = z
  .string()
  .regex(/^\d+(\.\d+)?\s*[kKmMgGtT]?(bit|bps|b)?(\/s)?$/, 'write a rate like 1G or 100M');

export const TcpSpec = z.strictObject({
  kind: z.literal('tcp'),
  /** Parallel streams; one variant per entry. */
  streams: z.array(z.number().int().min(1).max(128)).min(1).default([1, 4]),
});
export const UdpSpec = z.strictObject({
  kind: z.literal('udp'),
  /** Offered rate; one variant per entry. */
  bitrate: z.array(bitrateText).min(1).default(['1G']),
  /** Datagram payload in bytes; default: iperf3 picks from the path MTU. */
  length: z.number().int().min(64).max(65507).optional(),
  /**
   * Socket buffer size (iperf3 -w). Large by default so that loss reflects the datapath, not a
   * small receive buffer (SPEC 6.5); the kernel caps it at net.core.rmem_max/wmem_max.
   */
  socketBuffer: z
    .string()
    .regex(/^\d+[KMG]?$/, 'write a size like 4M or 512K')
    .default('4M'),
});

// Latency, HTTP, DNS and transfer measurements (issue 4); see docs/measurements.md.
const sizeText = z.string().regex(/^\d+[KMG]?$/, 'write a size like 256M or 64K');
export const RrSpec = z.strictObject({
  kind: z.literal('rr'),
  /** Request and response size in bytes (sockperf -m, at least 14); one variant per entry. */
  messageSize: z.array(z.number().int().min(14).max(65000)).min(1).default([64]),
});
export const CrrSpec = z.strictObject({
  kind: z.literal('crr'),
});
export const HttpSpec = z.strictObject({
  kind: z.literal('http'),
  /** Fixed request rates per second; one variant per rate and connection mode. */
  rate: z.array(z.number().int().min(1).max(1_000_000)).min(1).default([1000]),
  /** Also measure the maximum achieved rate (no rate limit). */
  maxRate: z.boolean().default(true),
  connection: z
    .array(z.enum(['keep-alive', 'close']))
    .min(1)
    .default(['keep-alive', 'close']),
  /** Concurrent keep-alive connections (h2load -c). */
  clients: z.number().int().min(1).max(1000).default(10),
});
export const DnsSpec = z.strictObject({
  kind: z.literal('dns'),
  /** Queries per second (dnsperf -Q). */
  rate: z.number().int().min(1).max(100_000).default(100),
  /** A query unanswered after this long counts as a failure. */
  timeout: durationText.default('1s'),
});
export const TransferSpec = z.strictObject({
  kind: z.literal('transfer'),
  protocols: z
    .array(z.enum(['http', 'ftp', 'scp']))
    .min(1)
    .default(['http', 'ftp', 'scp']),
  /** Size of the generated file. */
  size: sizeText.default('256M'),
});

export const ServicesSpec = z.strictObject({
  kind: z.literal('services'),
  /** Numbers of Services to program; the measured one is always the last. One variant per count and mode. */
  counts: z.array(z.number().int().min(1).max(65_536)).min(1).default([10, 100, 1000, 5000]),
  /** Lab: `iptables` (kube-proxy's linear chains) and/or `nftables` (verdict maps). */
  modes: z
    .array(z.enum(['iptables', 'nftables']))
    .min(1)
    .default(['iptables', 'nftables']),
  /** Only these placements (the Service sits in front of the path's server); default cross-node. */
  placements: z.array(z.enum(PLACEMENTS)).min(1).default(['cross-node']),
});

export const MeasurementSpec = z.discriminatedUnion('kind', [
  TcpSpec,
  UdpSpec,
  RrSpec,
  CrrSpec,
  HttpSpec,
  DnsSpec,
  TransferSpec,
  ServicesSpec,
]);
export type MeasurementSpec = z.infer<typeof MeasurementSpec>;

export const SuiteSpec = z.strictObject({
  description: z.string().optional(),
  repeat: z.number().int().min(1).max(1000).default(3),
  /** Measured seconds per repetition (after the warm-up). */
  duration: durationText
    .refine((d) => d !== 0 && !/^0+(\.0+)?\s*[a-z]*$/.test(String(d)), 'must be longer than 0')
    .default(10),
  /** Warm-up seconds left out of throughput figures (TCP slow start). */
  warmup: durationText.default(2),
  placements: z.array(z.enum(PLACEMENTS)).min(1).default(['same-node', 'cross-node', 'host']),
  measurements: z.array(MeasurementSpec).min(1),
});
export type SuiteSpec = z.infer<typeof SuiteSpec>;

export const LAB_PROFILES = ['bridge-native', 'ptp-native', 'vxlan', 'ebpf'] as const;
export type LabProfileName = (typeof LAB_PROFILES)[number];

export const LabScenario = z.strictObject({
  name,
  target: z.literal('lab'),
  profile: z.enum(LAB_PROFILES),
  /** MTU of the fabric links between nodes; pod MTUs follow from it and the profile. */
  mtu: z.number().int().min(1280).max(9000).default(1500),
  /** Shape each node's fabric link to this rate (tc tbf), like a NIC's line rate. */
  linkRate: bitrateText.optional(),
  /** Directory of CNI plugin binaries. */
  pluginDir: z.string().optional(),
});
export type LabScenario = z.infer<typeof LabScenario>;

export const KubernetesScenario = z.strictObject({
  name,
  target: z.literal('kubernetes'),
  /** kubeconfig context; default: the current context. */
  context: z.string().optional(),
  kubeconfig: z.string().optional(),
  /** Shell command run before the scenario, e.g. `helm upgrade cilium ...`. */
  setup: z.string().optional(),
  /** DaemonSets (namespace/name) whose rollout to wait for after setup. */
  waitFor: z.array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'write namespace/name')).default([]),
  waitTimeout: durationText.default('5m'),
  /** Two node names to use; default: two schedulable Linux workers. */
  nodes: z.array(z.string()).length(2).optional(),
});
export type KubernetesScenario = z.infer<typeof KubernetesScenario>;

export const ScenarioConfig = z.discriminatedUnion('target', [LabScenario, KubernetesScenario]);
export type ScenarioConfig = z.infer<typeof ScenarioConfig>;

export const LabSettings = z.strictObject({
  pluginDir: z.string().default('/usr/lib/cni'),
  stateDir: z.string().optional(),
});

const quantity = z
  .string()
  .regex(/^\d+(\.\d+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/, 'write a Kubernetes quantity like 100m or 64Mi');

/** Settings for the Kubernetes target (SPEC 8): images, scheduling, resources, names. */
export const KubernetesSettings = z.strictObject({
  /** Image with the measurement tools (see images/tools/Dockerfile). */
  image: z.string().min(1).default('ghcr.io/cnibench/tools:0.1.0'),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
  /** The run's namespace is `<prefix>-<run id>`. */
  namespacePrefix: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, 'use lower-case letters, digits and "-" (at most 32)')
    .default('cnibench'),
  tolerations: z
    .array(
      z.strictObject({
        key: z.string().optional(),
        operator: z.enum(['Exists', 'Equal']).optional(),
        value: z.string().optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
      }),
    )
    .default([]),
  requests: z
    .strictObject({ cpu: quantity.optional(), memory: quantity.optional() })
    .default({ cpu: '100m', memory: '64Mi' }),
  limits: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
  /** How long to wait for the run's pods to become Ready. */
  podReadyTimeout: durationText.default('3m'),
  /** Ports the `service` placement's ClusterIP exposes (TCP and UDP each): `first` and the next `count - 1`. */
  servicePorts: z
    .strictObject({ first: z.number().int().min(1).max(65000), count: z.number().int().min(1).max(100) })
    .default({ first: 5201, count: 20 }),
});
export type KubernetesSettings = z.infer<typeof KubernetesSettings>;

export const ConfigFile = z.strictObject({
  version: z.literal(1).default(1),
  target: z.enum(['lab', 'kubernetes']).optional(),
  lab: LabSettings.default({ pluginDir: '/usr/lib/cni' }),
  kubernetes: KubernetesSettings.prefault({}),
  scenarios: z.array(ScenarioConfig).default([]),
  suites: z.record(name, SuiteSpec).default({}),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
