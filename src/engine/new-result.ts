import type { PlannedVariant } from '../measure/measurement.js';
import type { MeasurementKind } from '../measure/registry.js';
import type { MeasurementResult } from '../results/schema.js';
import type { PreparedPath } from '../targets/target.js';

/** A new, empty result of one variant on a prepared path (the engine's and the mesh's). */
export function newResult(
  scenario: string,
  path: PreparedPath,
  variant: PlannedVariant<MeasurementKind>,
): MeasurementResult {
  return {
    scenario,
    placement: path.placement,
    measurement: variant.kind,
    variant: variant.name,
    parameters: variant.parameters,
    tool: variant.tool,
    path: {
      client: path.client,
      server: path.server,
      serverAddress: path.serverAddress,
      ...(path.pathMtu !== undefined && Number.isFinite(path.pathMtu) ? { pathMtu: path.pathMtu } : {}),
    },
    repetitions: [],
    summaries: [],
  };
}
