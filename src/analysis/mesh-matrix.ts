import { headlineMetrics, metricInfo } from '../measure/registry.js';
import type { Better } from '../model/metrics.js';
import type { MeshPairResult, ResultDocument } from '../results/schema.js';

/** Metrics a mesh shows as node x node matrices, in this order, when its results have them. */
export const MESH_METRICS = ['latency_p50_us', 'latency_p99_us', 'throughput_gbps', 'loss_pct', 'jitter_ms'];

/** One ordered pair's figure: the median over its repetitions, or why there is none. */
export interface MeshCell {
  client: string;
  server: string;
  /** Median of the pair's successful repetitions; undefined when all failed. */
  value?: number;
  /** Successful and all repetitions. */
  ok: number;
  total: number;
  /** The first failure's message, when the pair never succeeded. */
  error?: string;
}

/** The figures of one metric of one measurement variant over all node pairs of a scenario's mesh. */
export interface MeshMatrix {
  run: string;
  scenario: string;
  measurement: string;
  variant: string;
  metric: string;
  unit: string;
  label: string;
  better: Better;
  /** Nodes in display order: by zone, then by name with numbers in order. */
  nodes: string[];
  /** Zone of each node, when known. */
  zones: Record<string, string>;
  cells: MeshCell[];
}

const byName = (a: string, b: string): number =>
  a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

/** The nodes of some pair results with their zones, ordered by zone then name. */
function nodeOrder(rs: readonly MeshPairResult[]): { nodes: string[]; zones: Record<string, string> } {
  const zones = new Map<string, string>();
  for (const r of rs) {
    zones.set(r.client_node, r.client_zone ?? zones.get(r.client_node) ?? '');
    zones.set(r.server_node, r.server_zone ?? zones.get(r.server_node) ?? '');
  }
  const nodes = [...zones.keys()].sort((a, b) => zones.get(a)!.localeCompare(zones.get(b)!) || byName(a, b));
  const named: Record<string, string> = {};
  for (const [n, z] of zones) if (z !== '') named[n] = z;
  return { nodes, zones: named };
}

function cellOf(r: MeshPairResult, metric: string): MeshCell {
  const ok = r.repetitions.filter((x) => x.status === 'ok').length;
  const s = r.summaries.find((x) => x.metric === metric);
  const error = r.repetitions.find((x) => x.status === 'failed')?.error?.message;
  return {
    client: r.client_node,
    server: r.server_node,
    ...(s !== undefined ? { value: s.median } : {}),
    ok,
    total: r.repetitions.length,
    ...(s === undefined && error !== undefined ? { error } : {}),
  };
}

/**
 * Every matrix of a document's mesh: one per scenario, measurement variant and metric of
 * MESH_METRICS that some pair reported. A pair measured in several rounds keeps its last result.
 */
export function meshMatrices(doc: ResultDocument): MeshMatrix[] {
  const groups = new Map<string, MeshPairResult[]>();
  for (const r of doc.mesh ?? []) {
    const key = JSON.stringify([r.scenario, r.measurement, r.variant]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: MeshMatrix[] = [];
  for (const rs of groups.values()) {
    const first = rs[0]!;
    const { nodes, zones } = nodeOrder(rs);
    const pairs = new Map(rs.map((r) => [`${r.client_node}\u0000${r.server_node}`, r]));
    const reported = MESH_METRICS.filter((m) => rs.some((r) => r.summaries.some((x) => x.metric === m)));
    // a variant that failed everywhere still gets a matrix, of its first metric, to show where
    const shown =
      reported.length > 0
        ? reported
        : MESH_METRICS.filter((m) => headlineMetrics(first.measurement).includes(m)).slice(0, 1);
    for (const metric of shown) {
      const cells = [...pairs.values()].map((r) => cellOf(r, metric));
      const info = metricInfo(metric);
      out.push({
        run: doc.run.id,
        scenario: first.scenario,
        measurement: first.measurement,
        variant: first.variant,
        metric,
        unit: info.unit,
        label: info.label,
        better: info.better,
        nodes,
        zones,
        cells,
      });
    }
  }
  return out;
}
