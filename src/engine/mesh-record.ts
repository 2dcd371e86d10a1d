import { toErrorData, type ErrorData } from '../model/errors.js';
import type { PlannedVariant } from '../measure/measurement.js';
import type { MeasurementKind } from '../measure/registry.js';
import type { MeshPairResult, Repetition, ResultDocument } from '../results/schema.js';
import { summarizeResult } from '../results/summarize.js';
import type { MeshNode, PreparedPath } from '../targets/target.js';
import { newResult } from './new-result.js';

/** Measurements that make sense between two pods of a mesh: a path, a server and a client. */
export const MESH_KINDS: readonly string[] = ['rr', 'crr', 'tcp', 'udp', 'icmp'];

/** Why a variant is not measured in a mesh, or undefined when it is. */
export function meshSkipReason(v: PlannedVariant): string | undefined {
  if (!MESH_KINDS.includes(v.kind))
    return `not measured in a mesh (mesh runs measure ${MESH_KINDS.join(', ')} between node pairs)`;
  if (v.requires.length > 0) return `not measured in a mesh: needs ${v.requires.join(', ')}`;
  return undefined;
}

/** A new, empty result of one ordered node pair and one variant. */
export function newPairResult(
  scenario: string,
  path: PreparedPath,
  variant: PlannedVariant<MeasurementKind>,
  client: MeshNode,
  server: MeshNode,
  round: number,
): MeshPairResult {
  return {
    ...newResult(scenario, path, variant),
    placement: 'cross-node',
    client_node: client.node,
    server_node: server.node,
    ...(client.zone !== undefined ? { client_zone: client.zone } : {}),
    ...(server.zone !== undefined ? { server_zone: server.zone } : {}),
    round,
  };
}

/** A path that names the two ends when it could not be prepared (the pair is not reachable). */
export function unpreparedPath(client: MeshNode, server: MeshNode): PreparedPath {
  return {
    placement: 'cross-node',
    client: client.client,
    server: server.server,
    serverAddress: server.server.address,
  };
}

/** A repetition that failed before it started (the pair's path could not be prepared). */
export function failedRepetition(index: number, e: unknown): Repetition {
  return {
    index,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    status: 'failed',
    metrics: {},
    series: [],
    notes: [],
    raw: [],
    error: toErrorData(e),
  };
}

/** Adds a repetition to a pair's result; a failure is listed in the document, named by its pair. */
export function recordPairRepetition(doc: ResultDocument, result: MeshPairResult, rep: Repetition): void {
  result.repetitions.push(rep);
  result.summaries = summarizeResult(result);
  if (rep.status !== 'failed' || rep.error === undefined) return;
  const error = rep.error as ErrorData;
  doc.failures.push({
    scenario: result.scenario,
    placement: result.placement,
    measurement: result.measurement,
    variant: result.variant,
    repetition: rep.index,
    error: { ...error, message: `${result.client_node} -> ${result.server_node}: ${error.message}` },
  });
}
