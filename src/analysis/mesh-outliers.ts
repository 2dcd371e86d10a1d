import type { Better } from '../model/metrics.js';
import { quantile } from '../stats/quantile.js';
import type { MeshCell } from './mesh-matrix.js';

/** The outlier rule's settings (docs/mesh.md). */
export interface OutlierRule {
  /** Tukey's fence factor on the reference's interquartile range. */
  fence: number;
  /** The smallest relative difference from the reference median that counts. */
  minEffect: number;
  /** Fewest tests of the node, and of the reference, to judge at all. */
  minOwn: number;
  minReference: number;
}

export const DEFAULT_OUTLIER_RULE: OutlierRule = { fence: 1.5, minEffect: 0.25, minOwn: 2, minReference: 4 };

/** What the pairs say about one node, for one metric. */
export interface NodeJudgement {
  node: string;
  /** Tests the node took part in (successful ones), as client and as server. */
  n: number;
  asClient: number;
  asServer: number;
  /** Median of the node's pair figures. */
  median?: number;
  /** The pairs without this node: the cluster the node is held against. */
  reference?: { n: number; median: number; q1: number; q3: number; low: number; high: number };
  /** (median - reference median) / |reference median|. */
  change?: number;
  /** `worse` or `better` when the node stands out; undefined when it does not or cannot be judged. */
  outlier?: 'worse' | 'better';
  /** Why, in words, with the figures. */
  evidence: string;
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

function fmt(x: number): string {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/**
 * Per-node outliers of a mesh (docs/mesh.md): each node's figure is the median of the pairs it
 * took part in (as client or server); it is held against the pairs it did not take part in. A
 * node is an outlier when its median lies beyond Tukey's fence of those pairs (1.5 IQR outside
 * their quartiles) on one side AND differs from their median by at least `minEffect` (25%).
 * Holding each node against the others only keeps one bad node from widening the spread it is
 * judged by; the effect floor keeps tight, noise-free clusters from flagging trivial differences.
 */
export function judgeNodes(
  nodes: readonly string[],
  cells: readonly MeshCell[],
  better: Better,
  unit: string,
  rule: OutlierRule = DEFAULT_OUTLIER_RULE,
): NodeJudgement[] {
  const ok = cells.filter((c): c is MeshCell & { value: number } => c.value !== undefined);
  return nodes.map((node) => {
    const own = ok.filter((c) => c.client === node || c.server === node);
    const ref = sorted(ok.filter((c) => c.client !== node && c.server !== node).map((c) => c.value));
    const base = {
      node,
      n: own.length,
      asClient: own.filter((c) => c.client === node).length,
      asServer: own.filter((c) => c.server === node).length,
    };
    if (own.length < rule.minOwn || ref.length < rule.minReference) {
      return {
        ...base,
        ...(own.length > 0 ? { median: quantile(sorted(own.map((c) => c.value)), 0.5) } : {}),
        evidence: `not judged: ${own.length} tests of ${node} and ${ref.length} without it (needs ${rule.minOwn} and ${rule.minReference})`,
      };
    }
    const median = quantile(sorted(own.map((c) => c.value)), 0.5);
    const [q1, rmed, q3] = [quantile(ref, 0.25), quantile(ref, 0.5), quantile(ref, 0.75)];
    const iqr = q3 - q1;
    const reference = {
      n: ref.length,
      median: rmed,
      q1,
      q3,
      low: q1 - rule.fence * iqr,
      high: q3 + rule.fence * iqr,
    };
    const change =
      rmed === 0 ? (median === 0 ? 0 : Math.sign(median) * Infinity) : (median - rmed) / Math.abs(rmed);
    const side = median < reference.low ? 'below' : median > reference.high ? 'above' : undefined;
    const big = Math.abs(change) >= rule.minEffect;
    const outlier =
      side === undefined || !big
        ? undefined
        : (side === 'below') === (better === 'higher')
          ? 'worse'
          : 'better';
    const pct = Number.isFinite(change)
      ? `${Math.abs(change * 100).toFixed(0)}% ${change < 0 ? 'lower' : 'higher'}`
      : 'against 0';
    const u = unit === '' ? '' : ` ${unit}`;
    const facts =
      `median ${fmt(median)}${u} over ${own.length} tests (${base.asClient} as client, ${base.asServer} as server); ` +
      `the ${ref.length} pairs without ${node}: median ${fmt(rmed)}, quartiles ${fmt(q1)}-${fmt(q3)}, ` +
      `fences ${fmt(reference.low)}-${fmt(reference.high)}; ${pct}`;
    const verdict =
      outlier !== undefined
        ? `${outlier} than the rest`
        : side !== undefined
          ? `beyond the fence but under the ${rule.minEffect * 100}% floor`
          : 'within the spread';
    return {
      ...base,
      median,
      reference,
      change,
      ...(outlier !== undefined ? { outlier } : {}),
      evidence: `${facts}: ${verdict}`,
    };
  });
}
