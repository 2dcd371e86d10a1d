import { headlineMetrics, metricInfo } from '../measure/registry.js';
import type { Repetition } from '../results/schema.js';

/** A one-line summary of a repetition for progress output: its headline metrics with units. */
export function headline(kind: string, r: Repetition): string {
  if (r.status === 'failed') return `failed: ${(r.error?.message ?? 'unknown error').split('\n')[0]}`;
  const names = headlineMetrics(kind).filter((m) => r.metrics[m] !== undefined);
  const shown = names.length > 0 ? names : Object.keys(r.metrics).slice(0, 3);
  return shown
    .map((m, i) => {
      const v = r.metrics[m]!;
      const info = metricInfo(m);
      const text = Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 0 : 3);
      if (info.unit === 'count') return `${text} ${info.label}`;
      return i === 0 ? `${text} ${info.unit}` : `${text} ${info.unit} ${info.label}`;
    })
    .join(', ');
}
