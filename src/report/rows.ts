import { headlineMetrics } from '../measure/registry.js';
import { orderedSummaries } from '../results/order.js';
import type { ResultDocument } from '../results/schema.js';

export { orderedSummaries } from '../results/order.js';
import type { Summary } from '../model/summary.js';

/** One summary figure with everything that identifies it: the long-form row of SPEC section 4. */
export interface FigureRow {
  run: string;
  target: string;
  scenario: string;
  placement: string;
  measurement: string;
  variant: string;
  summary: Summary;
  /** A mesh pair's nodes (`run --mesh`). */
  client_node?: string;
  server_node?: string;
}

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

/** The long-form rows of the documents' mesh pairs, each named by its client and server node. */
export function meshFigureRows(docs: readonly ResultDocument[]): FigureRow[] {
  return docs.flatMap((doc) =>
    (doc.mesh ?? []).flatMap((r) =>
      orderedSummaries(r).map((summary) => ({
        run: doc.run.id,
        target: doc.run.target,
        scenario: r.scenario,
        placement: r.placement,
        measurement: r.measurement,
        variant: r.variant,
        summary,
        client_node: r.client_node,
        server_node: r.server_node,
      })),
    ),
  );
}

/** The metrics a table shows first for a measurement kind (its headline), if the kind is known. */
export function primaryMetrics(kind: string): readonly string[] | undefined {
  const h = headlineMetrics(kind);
  return h.length > 0 ? h : undefined;
}
