import { toErrorData } from '../model/errors.js';
import type { PlannedVariant, RepetitionOutcome, Timing } from '../measure/measurement.js';
import type { Repetition } from '../results/schema.js';
import type { PreparedPath, ScenarioSession } from '../targets/target.js';

export interface RepetitionRequest {
  session: ScenarioSession;
  path: PreparedPath;
  variant: PlannedVariant;
  index: number;
  port: number;
  timing: Timing;
  signal: AbortSignal;
}

/**
 * One repetition: the datapath's resource probe around the measurement, the outcome as data (a
 * thrown error becomes a failed repetition), the path MTU added. Undefined when interrupted.
 */
export async function runRepetition(q: RepetitionRequest): Promise<Repetition | undefined> {
  const startedAt = new Date();
  const plannedMs = (q.timing.durationS + q.timing.warmupS) * 1000;
  const probe = await q.session.startResourceProbe(q.path, plannedMs).catch(() => undefined);
  const outcome: RepetitionOutcome = await q.variant
    .run({ target: q.session, path: q.path, ...q.timing, port: q.port, signal: q.signal })
    .catch((e: unknown) => ({ status: 'failed' as const, error: toErrorData(e), raw: [] }));
  const resources = await probe?.stop().catch(() => undefined);
  if (q.signal.aborted) return undefined;
  const base = {
    index: q.index,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    raw: outcome.raw,
    series: [],
    notes: [],
    ...(resources ? { resources } : {}),
  };
  if (outcome.status === 'failed') return { ...base, status: 'failed', metrics: {}, error: outcome.error };
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(outcome.metrics))
    if (v !== undefined && Number.isFinite(v)) metrics[k] = v;
  if (q.path.pathMtu !== undefined && Number.isFinite(q.path.pathMtu)) metrics.path_mtu = q.path.pathMtu;
  return {
    ...base,
    status: 'ok',
    metrics,
    ...(outcome.samples ? { samples: outcome.samples } : {}),
    series: outcome.series ?? [],
    notes: outcome.notes ?? [],
  };
}
