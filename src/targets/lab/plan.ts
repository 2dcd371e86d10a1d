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
  /** The node's zone (`zone-a`, ...) when the scenario has zones. */
  zone?: string;
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
  /** Zone names, in order; empty when the nodes share one fabric bridge. */
  zones: string[];
}

/** A node's mesh pods: a client and a server, created when a mesh run asks for them. */
export interface MeshPodPlan {
  node: NodePlan;
  client: PodPlan;
  server: PodPlan;
}

const FABRIC = '10.123.0';
const PODS = '10.124';

const ns = (runId: string, role: string): string => `cnb-${runId}-${role}`;

function podPlan(runId: string, name: string, node: NodePlan): PodPlan {
  return { name, netns: ns(runId, name), node, containerId: `cnibench-${runId}-${name}` };
}

/** `zone-a`, `zone-b`, ... for zone 0, 1, ... */
export function zoneName(i: number): string {
  return `zone-${String.fromCharCode(97 + i)}`;
}

/**
 * The one place lab names and addresses are chosen. Namespaces are `cnb-<run id>-<role>`. With
 * `zones`, nodes are split into contiguous blocks, as even as possible (8 nodes, 3 zones: 3+3+2).
 */
export function makePlan(runId: string, opts: { nodes?: number; zones?: number } = {}): LabPlan {
  const count = opts.nodes ?? 2;
  const zones = Array.from({ length: opts.zones ?? 0 }, (_, i) => zoneName(i));
  const nodes: NodePlan[] = Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    const zone = zones.length === 0 ? undefined : zones[Math.floor((k * zones.length) / count)];
    return {
      index: i,
      name: `node${i}`,
      netns: ns(runId, `node${i}`),
      fabricIp: `${FABRIC}.${10 + i}`,
      podSubnet: `${PODS}.${i}.0/24`,
      podNet: `${PODS}.${i}.0`,
      ...(zone === undefined ? {} : { zone }),
    };
  });
  return {
    runId,
    fabricNetns: ns(runId, 'fabric'),
    nodes,
    pods: {
      client: podPlan(runId, 'pod-a', nodes[0]!),
      sameNodeServer: podPlan(runId, 'pod-b', nodes[0]!),
      crossNodeServer: podPlan(runId, 'pod-c', nodes[1]!),
    },
    serviceIp: '10.125.0.10',
    fabricPrefix: 24,
    zones,
  };
}

/** Every namespace a plan creates, in creation order (mesh pods are added by the mesh). */
export function planNamespaces(plan: LabPlan): string[] {
  return [
    plan.fabricNetns,
    ...plan.nodes.map((n) => n.netns),
    ...Object.values(plan.pods).map((p) => p.netns),
  ];
}

/** The mesh pods of every node: `nodeN-mc` (client) and `nodeN-ms` (server). */
export function meshPodPlans(plan: LabPlan): MeshPodPlan[] {
  return plan.nodes.map((node) => ({
    node,
    client: podPlan(plan.runId, `${node.name}-mc`, node),
    server: podPlan(plan.runId, `${node.name}-ms`, node),
  }));
}
