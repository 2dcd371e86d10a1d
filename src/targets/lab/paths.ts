import type { Placement } from '../../model/placement.js';
import type { Endpoint, PreparedPath } from '../target.js';
import type { LabPlan } from './plan.js';
import type { AttachedPod } from './topology.js';

/**
 * The two ends of a placement in the lab: pod-a to pod-b on node1 (same-node), pod-a to pod-c
 * on node2 (cross-node; service puts a virtual IP in front of pod-c), node1 to node2 (host).
 */
export function labPath(
  placement: Placement,
  plan: LabPlan,
  pods: readonly AttachedPod[],
  fabricMtu: number,
): PreparedPath {
  const pod = (name: keyof LabPlan['pods']): Endpoint => {
    const p = pods.find((x) => x.plan === plan.pods[name])!;
    return {
      id: `${p.plan.node.name}/${p.plan.name}`,
      node: p.plan.node.name,
      address: p.address,
      mtu: p.mtu,
    };
  };
  const node = (i: number): Endpoint => {
    const n = plan.nodes[i]!;
    return { id: n.name, node: n.name, address: n.fabricIp, mtu: fabricMtu };
  };
  const ends: Record<Placement, [Endpoint, Endpoint]> = {
    'same-node': [pod('client'), pod('sameNodeServer')],
    'cross-node': [pod('client'), pod('crossNodeServer')],
    service: [pod('client'), pod('crossNodeServer')],
    host: [node(0), node(1)],
  };
  const [client, server] = ends[placement];
  return {
    placement,
    client,
    server,
    serverAddress: server.address,
    pathMtu: Math.min(client.mtu ?? Infinity, server.mtu ?? Infinity),
  };
}
