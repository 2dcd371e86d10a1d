import type { PlannedVariant } from '../measure/measurement.js';
import { CnibenchError } from '../model/errors.js';
import { NETWORK_PARAM, type Network } from '../model/network.js';
import type { PreparedPath, ScenarioSession } from '../targets/target.js';

/**
 * A suite's `networks`: every variant as planned on the primary network (unchanged), and once
 * more per other network, recorded as `network=secondary` and needing the capability.
 */
export function variantsOnNetworks<V extends PlannedVariant>(
  variants: readonly V[],
  networks: readonly Network[],
): V[] {
  return networks.flatMap((n) =>
    n === 'primary'
      ? variants
      : variants.map((v) => ({
          ...v,
          name: `${v.name} ${NETWORK_PARAM}=${n}`,
          parameters: { ...v.parameters, [NETWORK_PARAM]: n },
          requires: [...v.requires, 'secondary-network' as const],
        })),
  );
}

/** The network a planned variant runs over. */
export function networkOf(v: PlannedVariant): Network {
  return v.parameters[NETWORK_PARAM] === 'secondary' ? 'secondary' : 'primary';
}

/**
 * The path a variant measures: the placement's own on the primary network, or the session's
 * secondary path (or the reason there is none).
 */
export async function pathOnNetwork(
  session: ScenarioSession,
  path: PreparedPath,
  variant: PlannedVariant,
  signal: AbortSignal,
): Promise<PreparedPath | { reason: string }> {
  if (networkOf(variant) === 'primary') return path;
  if (session.networkPath === undefined)
    throw new CnibenchError('INTERNAL', `${session.scenario} offers secondary-network without networkPath`);
  return session.networkPath(path, 'secondary', signal);
}
