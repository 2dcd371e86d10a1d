import { CnibenchError } from '../../../model/errors.js';
import type { Endpoint, MeshEndpoints, MeshNode, PreparedPath, ScenarioSession } from '../../target.js';
import type { KubeApi, Node, Pod } from '../api/index.js';
import { isControlPlane, nodeZone, unusableReason } from '../nodes.js';
import type { KubernetesSettings } from '../schema.js';
import { daemonSetName, MESH_ROLES, meshDaemonSet, meshSelector } from './manifests.js';
import { KubeMeshSession } from './mesh-session.js';
import { PodShell } from './pod-shell.js';
import { waitForMeshPods } from './wait.js';

/** Tests at once by default: each runs on its own two nodes, so many can go side by side. */
export const KUBE_MESH_CONCURRENCY = 32;
const REACH_TIMEOUT_MS = 30_000;
const DELETE_WAIT_MS = 60_000;

/** What a scenario already holds that a mesh needs: the node list read once, settings, names. */
export interface KubeMeshInputs {
  /** Every node of the cluster, from the scenario's one node list. */
  allNodes: readonly Node[];
  /** Nodes named with --nodes or the scenario's `nodes`; the mesh then uses only these. */
  named?: readonly string[];
  settings: KubernetesSettings;
  runId: string;
  log: (msg: string) => void;
}

export interface KubeMeshContext extends KubeMeshInputs {
  api: KubeApi;
  ns: string;
  /** The scenario's session, for everything but the mesh pods' commands. */
  base: ScenarioSession;
}

/** The nodes a mesh runs on, and why the others are left out. */
export function meshNodeChoice(
  all: readonly Node[],
  settings: KubernetesSettings,
  named?: readonly string[],
): { use: Node[]; excluded: { node: string; reason: string }[] } {
  const wanted = named !== undefined && named.length > 0 ? new Set(named) : undefined;
  const use: Node[] = [];
  const excluded: { node: string; reason: string }[] = [];
  for (const n of all) {
    const name = n.metadata.name ?? '?';
    if (wanted !== undefined && !wanted.has(name)) continue;
    const why =
      unusableReason(n, settings.tolerations) ??
      (wanted === undefined && isControlPlane(n) ? 'control-plane node' : undefined);
    if (why === undefined) use.push(n);
    else excluded.push({ node: name, reason: why });
  }
  return { use, excluded };
}

/**
 * Opens a mesh on a Kubernetes scenario: one DaemonSet per role (server, client) pinned to the
 * usable nodes, one list-and-watch until their pods are Ready, then a shell per pod opened on
 * first use. API calls: 2 creates, a list and a watch, one exec connection per pod used, and at
 * the end 2 deletes and a few polls: O(nodes), whatever the number of pairs.
 */
export async function openKubeMesh(c: KubeMeshContext, signal: AbortSignal): Promise<MeshEndpoints> {
  const started = Date.now();
  const { use, excluded } = meshNodeChoice(c.allNodes, c.settings, c.named);
  if (use.length < 2) {
    throw new CnibenchError('K8S_NO_NODES', `a mesh needs two usable nodes; this cluster has ${use.length}`, {
      hint: 'name nodes with --nodes a,b,c or add tolerations under `kubernetes.tolerations` in the config file',
    });
  }
  const names = use.map((n) => n.metadata.name!);
  const calls0 = c.api.calls;
  for (const role of MESH_ROLES)
    await c.api.post(
      `/apis/apps/v1/namespaces/${c.ns}/daemonsets`,
      meshDaemonSet(role, c.ns, c.runId, names, c.settings),
      { signal },
    );
  const readyMs = c.settings.podReadyTimeout * 1000;
  c.log(
    `mesh: waiting for ${2 * names.length} pods on ${names.length} nodes (up to ${Math.round(readyMs / 1000)} s)`,
  );
  const pods = await waitForMeshPods(c.api, c.ns, meshSelector(c.runId), names, readyMs, signal);
  excluded.push(...pods.notReady);
  if (pods.ready.size < 2) {
    const sample = pods.notReady
      .slice(0, 3)
      .map((x) => `${x.node}: ${x.reason}`)
      .join('; ');
    throw new CnibenchError(
      'K8S_POD_FAILED',
      `the mesh pods are Ready on ${pods.ready.size} nodes, fewer than 2: ${sample}`,
      {
        hint: 'check `kubernetes.image` and the nodes (kubectl describe pod in the run namespace), or raise `kubernetes.podReadyTimeout`',
      },
    );
  }
  const shells = new Map<string, PodShell>();
  const endpoint = (p: Pod, node: string): Endpoint => {
    const id = p.metadata.name ?? '';
    shells.set(id, new PodShell(c.api, c.ns, id));
    return { id, node, address: p.status?.podIP ?? '' };
  };
  const nodes: MeshNode[] = use
    .filter((n) => pods.ready.has(n.metadata.name!))
    .map((n) => {
      const name = n.metadata.name!;
      const p = pods.ready.get(name)!;
      const zone = nodeZone(n);
      return {
        node: name,
        ...(zone !== undefined ? { zone } : {}),
        client: endpoint(p.client, name),
        server: endpoint(p.server, name),
      };
    });
  const session = new KubeMeshSession(c.base, shells);
  let closed = false;
  return {
    nodes,
    excluded,
    defaultConcurrency: KUBE_MESH_CONCURRENCY,
    environment: {
      mesh_setup_s: Math.round((Date.now() - started) / 10) / 100,
      mesh_pods: 2 * nodes.length,
      mesh_setup_api_calls: c.api.calls - calls0,
    },
    session,
    preparePair: (client, server, sig) => reachable(session, client, server, sig),
    close: async () => {
      if (closed) return;
      closed = true;
      await session.close();
      const opened = [...shells.values()].reduce((a, s) => a + s.opened, 0);
      c.log(`mesh: ${opened} pod shells were opened; deleting the DaemonSets`);
      await deleteDaemonSets(c.api, c.ns).catch((e: unknown) =>
        c.log(`mesh: could not delete the DaemonSets: ${(e as Error).message}`),
      );
    },
  };
}

/** The path between two mesh pods, once a ping from the client reaches the server. */
async function reachable(
  s: KubeMeshSession,
  client: MeshNode,
  server: MeshNode,
  signal: AbortSignal,
): Promise<PreparedPath> {
  const until = Date.now() + REACH_TIMEOUT_MS;
  let last = '';
  for (;;) {
    const r = await s.exec(client.client, ['ping', '-c', '1', '-W', '1', '-n', server.server.address], {
      timeoutMs: 5000,
      signal,
    });
    if (r.exitCode === 0)
      return {
        placement: 'cross-node',
        client: client.client,
        server: server.server,
        serverAddress: server.server.address,
      };
    last = `${r.stdout}${r.stderr}`.trim().split('\n').slice(-1)[0] ?? '';
    if (Date.now() > until || signal.aborted) {
      throw new CnibenchError(
        'NOT_REACHABLE',
        `${server.server.address} (${server.node}) did not answer a ping from ${client.node} within ${REACH_TIMEOUT_MS / 1000} s: ${last}`,
        {
          hint: 'the pod network between these nodes does not pass traffic (or ICMP is filtered); look at the CNI on both nodes',
        },
      );
    }
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** Deletes the DaemonSets with their pods (foreground) and waits a while for them to go. */
async function deleteDaemonSets(api: KubeApi, ns: string): Promise<void> {
  const body = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' };
  for (const role of MESH_ROLES)
    await api.delete(`/apis/apps/v1/namespaces/${ns}/daemonsets/${daemonSetName(role)}`, { body });
  const until = Date.now() + DELETE_WAIT_MS;
  for (const role of MESH_ROLES) {
    while (Date.now() < until) {
      try {
        await api.get(`/apis/apps/v1/namespaces/${ns}/daemonsets/${daemonSetName(role)}`, { retries: 1 });
      } catch (e) {
        if (e instanceof CnibenchError && e.code === 'K8S_NOT_FOUND') break;
        throw e;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
