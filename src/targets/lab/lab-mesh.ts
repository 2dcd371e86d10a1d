import { join } from 'node:path';
import type { Runner } from '../../exec/runner.js';
import type { Endpoint, MeshNode, PreparedPath } from '../target.js';
import { meshPodPlans, type LabPlan } from './plan.js';
import type { AttachedPod } from './pod.js';
import type { LabProfile } from './profiles/index.js';
import { waitReachable } from './reachability.js';
import { attachPods, createNamespaces } from './topology.js';

/**
 * Mesh runs share the host's cores: a few tests at once keep the figures comparable (each
 * test's processes get a core share) while the rounds still go faster than one by one.
 */
export const LAB_MESH_CONCURRENCY = 4;

export interface LabMeshParts {
  run: Runner;
  plan: LabPlan;
  profile: LabProfile;
  podMtu: number;
  pluginDir: string;
  ipamDir: string;
  /** The scenario's pods so far (the eBPF profile compiles every node's pods into its program). */
  pods: readonly AttachedPod[];
  onNamespace: (netns: string) => Promise<void>;
}

export interface BuiltLabMesh {
  pods: AttachedPod[];
  nodes: MeshNode[];
}

/** Endpoint ids of mesh pods: `node3/mesh-client`, `node3/mesh-server`. */
function endpoint(p: AttachedPod, role: 'client' | 'server'): Endpoint {
  return { id: `${p.plan.node.name}/mesh-${role}`, node: p.plan.node.name, address: p.address, mtu: p.mtu };
}

/**
 * A client and a server pod on every node (namespaces `cnb-<run>-nodeN-mc` and `-ms`), attached
 * with the scenario's own CNI configuration, several nodes at once.
 */
export async function buildLabMesh(o: LabMeshParts): Promise<BuiltLabMesh> {
  const plans = meshPodPlans(o.plan);
  const podPlans = plans.flatMap((m) => [m.client, m.server]);
  await createNamespaces(
    o.run,
    podPlans.map((p) => p.netns),
    o.onNamespace,
  );
  const pods = await attachPods(o, podPlans, o.podMtu);
  await o.profile.afterPods?.(
    o.run,
    o.plan,
    [...o.pods, ...pods],
    join(o.ipamDir, '..', `datapath-${o.plan.runId}`),
  );
  const nodes = plans.map((m, i): MeshNode => {
    const [client, server] = [pods[2 * i]!, pods[2 * i + 1]!];
    return {
      node: m.node.name,
      ...(m.node.zone === undefined ? {} : { zone: m.node.zone }),
      client: endpoint(client, 'client'),
      server: endpoint(server, 'server'),
    };
  });
  return { pods, nodes };
}

/** The cross-node path from one node's mesh client to another's mesh server, once a ping passes. */
export async function labMeshPath(
  run: Runner,
  clientNetns: string,
  client: MeshNode,
  server: MeshNode,
  signal: AbortSignal,
): Promise<PreparedPath> {
  await waitReachable(run, clientNetns, server.server.address, 15_000, signal);
  const mtus = [client.client.mtu, server.server.mtu].filter((m): m is number => m !== undefined);
  return {
    placement: 'cross-node',
    client: client.client,
    server: server.server,
    serverAddress: server.server.address,
    ...(mtus.length > 0 ? { pathMtu: Math.min(...mtus) } : {}),
  };
}
