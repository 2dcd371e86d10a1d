import type { Repetition, ResultDocument } from '../../src/results/schema.js';

/** Where a run's wall time went, in seconds. */
export interface Breakdown {
  wallS: number;
  /** Time the measuring clients ran (raw outputs whose role starts with "client": warm-up, probe and batches included). */
  measuredS: number;
  /** Process start to the run's start (Node, modules, config, plan). */
  startS: number;
  /** Run start to the first repetition (features, lab build, first reachability wait). */
  buildS: number;
  /** Inside repetitions, outside the clients: servers, readiness, tool checks, set-up, probes, parsing. */
  inRepS: number;
  /** The same, per measurement kind. */
  inRepByKind: Record<string, number>;
  /** Between repetitions: saving, next path's reachability wait, events. */
  betweenS: number;
  /** Last repetition's end to the process's exit (teardown, final write, rendering). */
  endS: number;
  repetitions: number;
}

/** Seconds the measuring clients of a repetition ran. */
export function clientSeconds(r: Repetition): number {
  return r.raw.filter((x) => x.role.startsWith('client')).reduce((a, x) => a + x.durationMs, 0) / 1000;
}

/** Splits a run's wall time by phase, from its result document and the wall-clock time of spawn and exit. */
export function breakdown(doc: ResultDocument, spawnMs: number, exitMs: number): Breakdown {
  const reps = doc.results
    .flatMap((r) =>
      r.repetitions.map((rep) => ({ kind: r.measurement, rep, start: Date.parse(rep.startedAt) })),
    )
    .sort((a, b) => a.start - b.start);
  const runStart = Date.parse(doc.run.startedAt);
  const wallS = (exitMs - spawnMs) / 1000;
  const inRepByKind: Record<string, number> = {};
  let measuredS = 0;
  let inRepS = 0;
  let betweenS = 0;
  let prevEnd: number | undefined;
  for (const { kind, rep, start } of reps) {
    const client = clientSeconds(rep);
    measuredS += client;
    const inside = rep.durationMs / 1000 - client;
    inRepS += inside;
    inRepByKind[kind] = (inRepByKind[kind] ?? 0) + inside;
    if (prevEnd !== undefined) betweenS += Math.max(0, start - prevEnd) / 1000;
    prevEnd = start + rep.durationMs;
  }
  const first = reps[0]?.start ?? exitMs;
  return {
    wallS,
    measuredS,
    startS: (runStart - spawnMs) / 1000,
    buildS: (first - runStart) / 1000,
    inRepS,
    inRepByKind,
    betweenS,
    endS: (exitMs - (prevEnd ?? first)) / 1000,
    repetitions: reps.length,
  };
}
