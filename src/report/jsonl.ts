import { metricInfo } from '../measure/registry.js';
import type { ResultDocument } from '../results/schema.js';
import { figureRows } from './rows.js';

/**
 * JSON Lines: one summary figure per line, flat, with everything that identifies it and an
 * `@timestamp` (the run's start), ready for an OpenSearch/Elasticsearch bulk request (add the
 * action lines, docs/sinks.md), Loki, Fluent Bit or `jq`. `id` is stable, so indexing a run
 * twice replaces its documents instead of doubling them. Non-finite numbers become null.
 */
export function renderJsonl(docs: readonly ResultDocument[]): string {
  const byRun = new Map(docs.map((d) => [d.run.id, d]));
  const lines = figureRows(docs).map((r) => {
    const doc = byRun.get(r.run);
    const s = r.summary;
    return JSON.stringify({
      '@timestamp': doc?.run.startedAt,
      id: [r.run, r.scenario, r.placement, r.measurement, r.variant, s.metric].join('/'),
      tool: 'cnibench',
      version: doc?.tool.version,
      run: r.run,
      target: r.target,
      suite: doc?.run.suite,
      status: doc?.run.status,
      provenance: doc?.run.provenance === undefined ? 'measured' : `imported:${doc.run.provenance.source}`,
      scenario: r.scenario,
      placement: r.placement,
      measurement: r.measurement,
      variant: r.variant,
      metric: s.metric,
      label: metricInfo(s.metric).label,
      unit: s.unit,
      better: s.better,
      n: s.n,
      median: s.median,
      min: s.min,
      max: s.max,
      q1: s.q1,
      q3: s.q3,
      ci_low: s.ci_low,
      ci_high: s.ci_high,
      ci_level: s.ci_level,
    });
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
