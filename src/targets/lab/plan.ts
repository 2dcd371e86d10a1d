/** Addresses and names of one lab run. Everything is namespaced; nothing exists in the root namespace. */
export interface NodePlan {
  index: number;
  /** "node1", "node2": the node's name in results. */
  name: string;
  netns: string;
  /** The node's address on the fabric. */
  fabricIp: string;
  /** The pod range of this node (host-local IPAM). */
  podSubnet: string;
  /** The first address of the pod range, used by overlay devices (Flannel style). */
  podNet: string;
}

export interface PodPlan {
  name: string;
  netns: string;
  node: NodePlan;
  containerId: string;
}

export interface LabPlan {
  runId: string;
  fabricNetns: string;
  nodes: NodePlan[];
  /** pod-a: client on node1; pod-b: server on node1; pod-c: server on node2. */
  pods: { client: PodPlan; sameNodeServer: PodPlan; crossNodeServer: PodPlan };
  /** The virtual IP of the `service` placement. */
  serviceIp: string;
  fabricPrefix: number;
}

const FABRIC = '10.123.0';
const PODS = '10.124';

/** The one place lab names and addresses are chosen. Namespaces are `cnb-<run id>-<role>`. */
export function makePlan(runId: string): LabPlan {
  const ns = (role: string): string => `cnb-${runId}-${role}`;
  const nodes: NodePlan[] = [1, 2].map((i) => ({
    index: i,
    name: `node${i}`,
    netns: ns(`node${i}`),
    fabricIp: `${FABRIC}.${10 + i}`,
    podSubnet: `${PODS}.${i}.0/24`,
    podNet: `${PODS}.${i}.0`,
  }));
  const pod = (name: string, node: NodePlan): PodPlan => ({
    name,
    netns: ns(name),
    node,
    containerId: `cnibench-${runId}-${name}`,
  });
  return {
    runId,
    fabricNetns: ns('fabric'),
    nodes,
    pods: {
      client: pod('pod-a', nodes[0]!),
      sameNodeServer: pod('pod-b', nodes[0]!),
      crossNodeServer: pod('pod-c', nodes[1]!),
    },
    serviceIp: '10.125.0.10',
    fabricPrefix: 24,
  };
}

/** Every namespace a plan creates, in creation order. */
export function planNamespaces(plan: LabPlan): string[] {
  return [
    plan.fabricNetns,
    ...plan.nodes.map((n) => n.netns),
    ...Object.values(plan.pods).map((p) => p.netns),
  ];
}
