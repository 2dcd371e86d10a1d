import type { Placement } from '../../model/placement.js';
import { POD_ROLES, type PodRole } from './manifests.js';

/** Which pods a scenario creates on which node, and which pair each placement uses. */
export interface Layout {
  pods: { role: PodRole; node: string }[];
  paths: Partial<Record<Placement, { client: PodRole; server: PodRole }>>;
  unsupported: { placement: Placement; reason: string }[];
}

const TWO_NODES: Layout['paths'] = {
  'same-node': { client: 'cli-a', server: 'srv-a' },
  'cross-node': { client: 'cli-b', server: 'srv-a' },
  host: { client: 'host-b', server: 'host-a' },
  service: { client: 'cli-b', server: 'srv-a' },
};

/** One node: both host-network pods on it, the Service reached from the same node. */
const ONE_NODE: Layout['paths'] = {
  'same-node': { client: 'cli-a', server: 'srv-a' },
  host: { client: 'host-b', server: 'host-a' },
  service: { client: 'cli-a', server: 'srv-a' },
};

export const ONE_NODE_REASON =
  'only one schedulable node: cross-node needs two (`cnibench doctor --target kubernetes` says why the others are not used)';

/**
 * The pods of a scenario on its nodes (one or two): `srv-a` and `cli-a` on the first node,
 * `cli-b` on the second, and a host-network pair (`host-a` on the first node, `host-b` on the
 * second, or on the first when there is only one).
 */
export function layoutFor(nodes: readonly string[]): Layout {
  const [a, b] = nodes;
  if (a === undefined) return { pods: [], paths: {}, unsupported: [] };
  const two = b !== undefined;
  const roles = (Object.keys(POD_ROLES) as PodRole[]).filter((r) => two || r !== 'cli-b');
  return {
    pods: roles.map((role) => ({ role, node: POD_ROLES[role].node === 'b' && two ? b : a })),
    paths: two ? { ...TWO_NODES } : { ...ONE_NODE },
    unsupported: two ? [] : [{ placement: 'cross-node', reason: ONE_NODE_REASON }],
  };
}

/** The layout without its host-network pods, `host` unsupported for `reason` (admission said no). */
export function withoutHost(l: Layout, reason: string): Layout {
  const { host: _host, ...paths } = l.paths;
  return {
    pods: l.pods.filter((p) => !POD_ROLES[p.role].host),
    paths,
    unsupported: [...l.unsupported, { placement: 'host', reason }],
  };
}
