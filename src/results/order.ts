import { headlineMetrics } from '../measure/registry.js';
import type { Summary } from '../model/summary.js';
import type { MeasurementResult } from './schema.js';

/** Summaries with the measurement's headline metrics first, in their order, then the rest by name. */
export function orderedSummaries(r: Pick<MeasurementResult, 'measurement' | 'summaries'>): Summary[] {
  const primary = headlineMetrics(r.measurement);
  const rank = (m: string): number => {
    const i = primary.indexOf(m);
    return i === -1 ? primary.length : i;
  };
  return [...r.summaries].sort((a, b) => rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric));
}
