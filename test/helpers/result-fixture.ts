import { ResultDocument, RESULT_SCHEMA } from '../../src/results/schema.js';
import { type Series } from '../../src/model/series.js';
import type { Placement } from '../../src/model/placement.js';
import type { MeasurementKind } from '../../src/measure/registry.js';
import { summarizeRepetitions } from '../../src/stats/summary.js';

export interface FixtureMeasurement {
  scenario: string;
  placement?: Placement;
  measurement?: MeasurementKind;
  variant?: string;
  /** metric -> one value per repetition */
  metrics: Record<string, number[]>;
  samples?: Record<string, number[][]>;
  series?: (rep: number) => Series[];
  failed?: number[];
}

export interface FixtureSpec {
  runId?: string;
  scenarios: {
    name: string;
    config?: Record<string, unknown>;
    environment?: Record<string, string | number>;
  }[];
  results: FixtureMeasurement[];
  failures?: ResultDocument['failures'];
}

/** A valid result document built from per-repetition values, summaries computed as the engine does. */
export function makeResultDoc(spec: FixtureSpec): ResultDocument {
  const doc = {
    schema: RESULT_SCHEMA,
    tool: { name: 'cnibench', version: '0.1.0' },
    run: {
      id: spec.runId ?? 'run-1',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:05:00.000Z',
      status: 'complete',
      target: 'lab',
      suite: 'quick',
      parameters: { repeat: 3, duration: 10 },
      host: { kernel: '6.1.0', hostname: 'lab-host' },
      command: ['cnibench', 'run'],
    },
    scenarios: spec.scenarios.map((s) => ({
      name: s.name,
      target: 'lab',
      config: s.config ?? { profile: 'bridge-native', mtu: 1500 },
      environment: s.environment ?? { kernel: '6.1.0', profile: 'bridge-native' },
      status: 'ok',
    })),
    results: spec.results.map((m) => {
      const count = Math.max(...Object.values(m.metrics).map((v) => v.length));
      const repetitions = Array.from({ length: count }, (_, i) => {
        const failed = m.failed?.includes(i) === true;
        const metrics: Record<string, number> = {};
        for (const [k, vs] of Object.entries(m.metrics)) if (vs[i] !== undefined) metrics[k] = vs[i]!;
        const samples: Record<string, number[]> = {};
        for (const [k, vs] of Object.entries(m.samples ?? {})) samples[k] = vs[i] ?? [];
        return {
          index: i + 1,
          startedAt: '2026-01-01T00:00:00.000Z',
          durationMs: 10_000,
          status: failed ? 'failed' : 'ok',
          metrics: failed ? {} : metrics,
          ...(m.samples === undefined ? {} : { samples }),
          series: m.series?.(i) ?? [],
          notes: [],
          raw: [],
          ...(failed ? { error: { code: 'TOOL_FAILED', message: 'iperf3 exited with 1' } } : {}),
        } as const;
      });
      return {
        scenario: m.scenario,
        placement: m.placement ?? 'cross-node',
        measurement: m.measurement ?? 'tcp',
        variant: m.variant ?? 'streams=1',
        parameters: {},
        tool: 'iperf3',
        repetitions,
        summaries: summarizeRepetitions(repetitions, m.scenario),
      };
    }),
    failures: spec.failures ?? [],
  };
  return ResultDocument.parse(doc);
}

/** The document a run starts with (nothing measured yet), as the engine receives it. */
export function runningDoc(run: {
  id: string;
  target?: 'lab' | 'kubernetes';
  suite?: string;
  startedAt?: string;
  parameters?: Record<string, unknown>;
}): ResultDocument {
  return {
    schema: RESULT_SCHEMA,
    tool: { name: 'cnibench', version: 'test' },
    run: {
      id: run.id,
      startedAt: run.startedAt ?? new Date().toISOString(),
      status: 'running',
      target: run.target ?? 'lab',
      suite: run.suite ?? 'quick',
      parameters: run.parameters ?? {},
      host: {},
      command: [],
    },
    scenarios: [],
    results: [],
    failures: [],
    skipped: [],
  };
}
