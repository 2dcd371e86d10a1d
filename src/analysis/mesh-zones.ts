import { quantile } from '../stats/quantile.js';
import type { MeshMatrix } from './mesh-matrix.js';

/** The pairs from one zone to another (or within one), summarised. */
export interface ZoneCell {
  from: string;
  to: string;
  /** Pairs with a figure. */
  n: number;
  median: number;
  min: number;
  max: number;
}

/**
 * A matrix's pairs grouped by the zones of their ends (`topology.kubernetes.io/zone` on
 * Kubernetes, `zones` in the lab): median, min and max of the pair figures per ordered zone
 * pair. Empty when fewer than two zones are known.
 */
export function zoneSummary(m: MeshMatrix): ZoneCell[] {
  const zoneNames = [...new Set(Object.values(m.zones))].sort();
  if (zoneNames.length < 2) return [];
  const groups = new Map<string, number[]>();
  for (const c of m.cells) {
    if (c.value === undefined) continue;
    const key = JSON.stringify([m.zones[c.client] ?? '?', m.zones[c.server] ?? '?']);
    groups.set(key, [...(groups.get(key) ?? []), c.value]);
  }
  const out: ZoneCell[] = [];
  for (const from of [...zoneNames, '?']) {
    for (const to of [...zoneNames, '?']) {
      const xs = groups.get(JSON.stringify([from, to]));
      if (xs === undefined) continue;
      const s = [...xs].sort((a, b) => a - b);
      out.push({ from, to, n: s.length, median: quantile(s, 0.5), min: s[0]!, max: s[s.length - 1]! });
    }
  }
  return out;
}
