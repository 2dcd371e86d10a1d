import { CnibenchError } from '../../model/errors.js';
import type { ResourceUsage } from '../../model/resources.js';
import type { ResourceProbe } from '../target.js';
import type { CpuStats, KubeApi, List, PodMetrics, StatsSummary } from './api/index.js';

/** The CNI agent pods on the run's nodes, and where their figures come from. */
export interface ProbeScope {
  api: KubeApi;
  nodes: string[];
  agentPods: { namespace: string; name: string; node: string }[];
  /** Label selectors of the agent DaemonSets, per namespace (for the metrics API). */
  selectors: { namespace: string; labels: Record<string, string> }[];
  metricsApi: boolean;
  /** Shortest repetition that gets CPU figures; default {@link MIN_WINDOW_MS}. */
  minWindowMs?: number;
  /**
   * How long the repetition is planned to last: when shorter than the window, no first sample
   * is read (it could not be used, and two kubelet summaries per repetition cost the nodes CPU
   * while the tool measures).
   */
  plannedMs?: number;
}

const UNITS: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** "250m" -> 0.25, "12345n" -> 1.2345e-5, "64Mi" -> 67108864. */
export function parseQuantity(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(q.trim());
  const f = m ? UNITS[m[2]!] : undefined;
  if (!m || f === undefined)
    throw new CnibenchError('TOOL_OUTPUT_INVALID', `"${q}" is not a Kubernetes quantity`);
  return Number(m[1]) * f;
}

const CNI_METRICS = ['cni_cpu_pct', 'cni_memory_mib'];

/**
 * Repetitions shorter than this get no CPU figures: the kubelet refreshes its counters about
 * every 10 s (metrics-server averages over a similar window), so a delta would mostly cover
 * time outside the repetition.
 */
const MIN_WINDOW_MS = 8_000;

function selectorText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

async function summaries(scope: ProbeScope): Promise<Map<string, StatsSummary>> {
  const got = await Promise.all(
    scope.nodes.map((n) =>
      scope.api.get<StatsSummary>(`/api/v1/nodes/${encodeURIComponent(n)}/proxy/stats/summary`, {
        retries: 1,
      }),
    ),
  );
  return new Map(scope.nodes.map((n, i) => [n, got[i]!]));
}

function cpuStats(s: StatsSummary | undefined, ns?: string, pod?: string): CpuStats | undefined {
  if (s === undefined) return undefined;
  if (pod === undefined) return s.node?.cpu;
  return s.pods?.find((p) => p.podRef.name === pod && p.podRef.namespace === ns)?.cpu;
}

/**
 * Cores used between two kubelet samples, from the cumulative counter and the samples' own
 * timestamps (the kubelet refreshes them every ~10 s); undefined without two distinct samples.
 */
export function coresBetween(a: CpuStats | undefined, b: CpuStats | undefined): number | undefined {
  if (a?.usageCoreNanoSeconds === undefined || b?.usageCoreNanoSeconds === undefined) return undefined;
  if (a.time === undefined || b.time === undefined) return undefined;
  const secs = (Date.parse(b.time) - Date.parse(a.time)) / 1000;
  if (!(secs > 0)) return undefined;
  return (b.usageCoreNanoSeconds - a.usageCoreNanoSeconds) / 1e9 / secs;
}

async function fromMetricsApi(scope: ProbeScope): Promise<ResourceUsage> {
  let cpu = 0;
  let mem = 0;
  let seen = 0;
  const wanted = new Set(scope.agentPods.map((p) => `${p.namespace}/${p.name}`));
  for (const sel of scope.selectors) {
    const list = await scope.api.get<List<PodMetrics>>(
      `/apis/metrics.k8s.io/v1beta1/namespaces/${sel.namespace}/pods?labelSelector=${encodeURIComponent(selectorText(sel.labels))}`,
      { retries: 1 },
    );
    for (const pm of list.items) {
      if (!wanted.has(`${pm.metadata.namespace ?? sel.namespace}/${pm.metadata.name ?? ''}`)) continue;
      seen++;
      for (const c of pm.containers) {
        cpu += c.usage.cpu === undefined ? 0 : parseQuantity(c.usage.cpu);
        mem += c.usage.memory === undefined ? 0 : parseQuantity(c.usage.memory);
      }
    }
  }
  const source =
    'metrics.k8s.io (CNI agent pods on the two nodes; the metrics window, not exactly the repetition)';
  if (seen === 0)
    return { metrics: {}, absent: CNI_METRICS, source: `${source}: no metrics for the agent pods` };
  return {
    metrics: {
      cni_cpu_pct: { value: cpu * 100, unit: '%' },
      cni_memory_mib: { value: mem / 2 ** 20, unit: 'MiB' },
    },
    absent: [],
    source,
  };
}

/**
 * CPU and memory of the CNI agent pods on the two nodes during one repetition: from the
 * metrics API when the cluster has it, else from the kubelets' stats/summary (through the API
 * server proxy), whose cumulative CPU counters give the exact use between start and stop.
 * Missing figures are listed as absent, never reported as zero.
 */
export function startCniProbe(scope: ProbeScope): Promise<ResourceProbe> {
  const started = Date.now();
  let before: Map<string, StatsSummary> | undefined;
  let startError: string | undefined;
  // the first samples are read while the measurement starts: the kubelet's counters carry
  // their own timestamps, so the wait for them need not delay the repetition
  const minWindow = scope.minWindowMs ?? MIN_WINDOW_MS;
  const tooShort = scope.plannedMs !== undefined && scope.plannedMs < minWindow;
  const first =
    scope.metricsApi || tooShort
      ? Promise.resolve()
      : summaries(scope).then(
          (s) => void (before = s),
          (e: unknown) => void (startError = e instanceof Error ? e.message : String(e)),
        );
  return Promise.resolve({
    async stop(): Promise<ResourceUsage> {
      const lasted = Date.now() - started;
      if (lasted < minWindow || tooShort) {
        // a second sample could only come from a refresh that mostly covers time before the repetition
        return {
          metrics: {},
          absent: scope.metricsApi ? CNI_METRICS : [...CNI_METRICS, 'node_cpu_pct'],
          source: `not sampled: the repetition (${(Math.min(lasted, scope.plannedMs ?? lasted) / 1000).toFixed(1)} s) is shorter than the ${minWindow / 1000} s the kubelet and metrics-server need between samples`,
        };
      }
      await first;
      if (scope.metricsApi && scope.agentPods.length > 0) {
        try {
          return await fromMetricsApi(scope);
        } catch (e) {
          return {
            metrics: {},
            absent: CNI_METRICS,
            source: `metrics.k8s.io failed: ${(e as Error).message}`,
          };
        }
      }
      const source = 'kubelet stats/summary via the API server proxy';
      if (before === undefined) {
        return {
          metrics: {},
          absent: [...CNI_METRICS, 'node_cpu_pct'],
          source: `${source} unavailable: ${startError ?? 'metrics API only'}`,
        };
      }
      let after: Map<string, StatsSummary>;
      try {
        after = await summaries(scope);
      } catch (e) {
        return {
          metrics: {},
          absent: [...CNI_METRICS, 'node_cpu_pct'],
          source: `${source} failed: ${(e as Error).message}`,
        };
      }
      const metrics: ResourceUsage['metrics'] = {};
      const absent: string[] = [];
      let nodeCpu = 0;
      let nodeOk = true;
      for (const n of scope.nodes) {
        const c = coresBetween(cpuStats(before.get(n)), cpuStats(after.get(n)));
        if (c === undefined) nodeOk = false;
        else nodeCpu += c;
      }
      if (nodeOk) metrics['node_cpu_pct'] = { value: nodeCpu * 100, unit: '%' };
      else absent.push('node_cpu_pct');
      let cpu = 0;
      let mem = 0;
      let found = 0;
      for (const p of scope.agentPods) {
        const c = coresBetween(
          cpuStats(before.get(p.node), p.namespace, p.name),
          cpuStats(after.get(p.node), p.namespace, p.name),
        );
        const ws = after
          .get(p.node)
          ?.pods?.find((x) => x.podRef.name === p.name && x.podRef.namespace === p.namespace)
          ?.memory?.workingSetBytes;
        if (c === undefined || ws === undefined) continue;
        found++;
        cpu += c;
        mem += ws;
      }
      if (found === 0) {
        absent.push(...CNI_METRICS);
        const why =
          scope.agentPods.length === 0
            ? 'no CNI agent pods found on the two nodes'
            : 'no two kubelet samples for the CNI agent pods during the repetition (they refresh every ~10 s)';
        return { metrics, absent, source: `${source} (${why})` };
      }
      metrics['cni_cpu_pct'] = { value: cpu * 100, unit: '%' };
      metrics['cni_memory_mib'] = { value: mem / 2 ** 20, unit: 'MiB' };
      return {
        metrics,
        absent,
        source: `${source} (${found} CNI agent pod(s) on the two nodes; between kubelet samples)`,
      };
    },
  });
}
