import { metricInfo } from '../measure/registry.js';
import { summarize, withMergedPercentiles } from '../stats/summary.js';
import type { MeasurementResult, Repetition } from './schema.js';
import type { Summary } from '../model/summary.js';

/** Per-repetition figures of one metric, including resource figures, from successful repetitions. */
export function metricValues(reps: readonly Repetition[]): Map<string, number[]> {
  const values = new Map<string, number[]>();
  const push = (k: string, v: number): void => {
    const list = values.get(k) ?? [];
    list.push(v);
    values.set(k, list);
  };
  for (const r of reps) {
    if (r.status !== 'ok') continue;
    for (const [k, v] of Object.entries(r.metrics)) push(k, v);
    for (const [k, v] of Object.entries(r.resources?.metrics ?? {})) push(k, v.value);
  }
  return values;
}

/** Summaries of every metric of a measurement, from its successful repetitions. */
export function summarizeResult(result: Pick<MeasurementResult, 'repetitions'>): Summary[] {
  const out: Summary[] = [];
  for (const [metric, values] of metricValues(result.repetitions)) {
    const s = summarize(metric, values, metric, metricInfo(metric));
    if (s) out.push(s);
  }
  return withMergedPercentiles(out, result.repetitions, metricInfo);
}
