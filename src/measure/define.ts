import type { z } from 'zod';
import { CnibenchError } from '../model/errors.js';
import type {
  Measurement,
  MeasurementDefinition,
  Params,
  PlannedVariant,
  RecordedParams,
  Timing,
} from './measurement.js';

/**
 * Registers a measurement written against its own types: the planner validates the suite
 * entry with the measurement's schema and binds each variant's typed parameters to its run.
 */
export function defineMeasurement<
  K extends string,
  S extends z.ZodType<{ kind: K }>,
  P extends Params,
  M extends string,
>(def: MeasurementDefinition<K, S, P, M>): Measurement<K, S> {
  const requires = def.requires ?? [];
  const headline = Object.entries<{ headline?: boolean }>(def.metrics)
    .filter(([, e]) => e.headline === true)
    .map(([name]) => name);
  return {
    kind: def.kind,
    tool: def.tool,
    summary: def.summary,
    spec: def.spec,
    metrics: def.metrics,
    requires,
    headline,
    plan(raw: { kind: string } & Record<string, unknown>, timing: Timing): PlannedVariant<K>[] {
      const r = def.spec.safeParse(raw);
      if (!r.success) {
        throw new CnibenchError(
          'CONFIG_INVALID',
          `measurement ${def.kind}: ${r.error.issues[0]?.message ?? 'invalid'}`,
        );
      }
      const spec = r.data;
      const placements = def.placements?.(spec);
      return def.variants(spec).map((v) => ({
        kind: def.kind,
        tool: def.tool,
        name: v.name,
        parameters: recorded(v.params),
        estimateS: def.estimateSeconds(v.params, timing),
        requires: v.requires === undefined ? requires : [...requires, ...v.requires],
        tools: def.tools?.(v.params) ?? [],
        placements,
        run: (ctx) => def.run(ctx, v.params),
      }));
    },
  };
}

function recorded(params: Params): RecordedParams {
  const out: RecordedParams = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}
