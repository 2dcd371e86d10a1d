import type { PreparedPath } from '../target.js';
import type { LabPlan } from './plan.js';
import type { AttachedPod } from './pod.js';
import { secondaryNodeIp } from './secondary.js';

/**
 * A lab placement over the secondary network: the same two pods (or nodes, for `host`) by
 * their `net1` (nodes: `eth1`) addresses and MTUs. Services have no secondary path: a
 * ClusterIP translates to primary addresses only, as in Kubernetes with Multus.
 */
export function labSecondaryPath(
  path: PreparedPath,
  plan: LabPlan,
  pods: readonly AttachedPod[],
  secondaryMtu: number,
): PreparedPath | { reason: string } {
  if (path.placement === 'service')
    return {
      reason: 'a Service translates to pods\u2019 primary addresses only; the secondary network has none',
    };
  const end = (e: PreparedPath['client']): PreparedPath['client'] | undefined => {
    const node = plan.nodes.find((n) => n.name === e.id);
    if (node !== undefined)
      return { ...e, id: `${e.id}/eth1`, address: secondaryNodeIp(node), mtu: secondaryMtu };
    const pod = pods.find((p) => `${p.plan.node.name}/${p.plan.name}` === e.id);
    if (pod?.secondary === undefined) return undefined;
    return { ...e, id: `${e.id}/net1`, address: pod.secondary.address, mtu: pod.secondary.mtu };
  };
  const client = end(path.client);
  const server = end(path.server);
  if (client === undefined || server === undefined)
    return { reason: `${path.client.id} or ${path.server.id} has no secondary interface` };
  return {
    placement: path.placement,
    client,
    server,
    serverAddress: server.address,
    pathMtu: Math.min(client.mtu ?? Infinity, server.mtu ?? Infinity),
  };
}
