import type { ResultDocument } from '../results/schema.js';

/**
 * What a run could not do and why, one line each, for every report: scenarios this machine
 * cannot run, placements a scenario cannot offer, measurements a scenario lacks a capability for.
 * Skips are not failures.
 */
export function skipLines(docs: readonly ResultDocument[]): string[] {
  const out: string[] = [];
  for (const doc of docs) {
    const run = docs.length > 1 ? `${doc.run.id}/` : '';
    for (const s of doc.scenarios) {
      if (s.status === 'skipped')
        out.push(`${run}${s.name}: scenario skipped: ${s.error?.message ?? 'not supported here'}`);
      for (const u of s.unsupportedPlacements) out.push(`${run}${s.name} ${u.placement}: ${u.reason}`);
    }
    for (const k of doc.skipped) {
      const where = [k.placement, k.measurement, k.variant].filter((x) => x !== undefined).join(' ');
      out.push(`${run}${k.scenario}${where ? ` ${where}` : ''}: ${k.reason}`);
    }
  }
  return out;
}
