import { CnibenchError } from '../../../model/errors.js';
import { isRetryable, type KubeApi, type List, type Pod, type WatchEvent } from '../api/index.js';
import { podState } from '../pod-wait.js';
import { MESH_ROLE_LABEL, type MeshRole } from './manifests.js';

/** A node's two mesh pods once both are Ready, or why it has none. */
export interface MeshPods {
  ready: Map<string, Record<MeshRole, Pod>>;
  /** Nodes whose pods are not Ready (or cannot start), with the pods' state in words. */
  notReady: { node: string; reason: string }[];
}

const roleOf = (p: Pod): MeshRole | undefined => {
  const r = p.metadata.labels?.[MESH_ROLE_LABEL];
  return r === 'server' || r === 'client' ? r : undefined;
};

/** Where each expected node's pods stand. */
function tally(pods: Map<string, Pod>, nodes: readonly string[]): MeshPods & { settled: boolean } {
  const byNode = new Map<string, Partial<Record<MeshRole, Pod>>>();
  for (const p of pods.values()) {
    const [node, role] = [p.spec?.nodeName, roleOf(p)];
    if (node === undefined || role === undefined) continue;
    byNode.set(node, { ...byNode.get(node), [role]: p });
  }
  const ready = new Map<string, Record<MeshRole, Pod>>();
  const notReady: { node: string; reason: string }[] = [];
  let settled = true;
  for (const node of nodes) {
    const got = byNode.get(node) ?? {};
    const states = (['server', 'client'] as const).map(
      (r) => [r, got[r] === undefined ? undefined : podState(got[r])] as const,
    );
    if (states.every(([, s]) => s?.ready === true)) {
      ready.set(node, got as Record<MeshRole, Pod>);
      continue;
    }
    if (!states.some(([, s]) => s?.fatal === true)) settled = false;
    notReady.push({
      node,
      reason: states
        .filter(([, s]) => s?.ready !== true)
        .map(([r, s]) => `${r} pod: ${s?.reason ?? 'not created yet'}`)
        .join('; '),
    });
  }
  return { ready, notReady, settled };
}

/**
 * Waits for the mesh pods of `nodes`: one list, then one watch from its resource version
 * (listing again after 410 Gone or a dropped watch), until every node's two pods are Ready or
 * cannot start, or the time is up. API calls do not grow with the nodes. Nodes whose pods did
 * not become Ready are returned as such; the caller decides whether the rest is enough.
 */
export async function waitForMeshPods(
  api: KubeApi,
  ns: string,
  selector: string,
  nodes: readonly string[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<MeshPods> {
  const deadline = Date.now() + timeoutMs;
  const pods = new Map<string, Pod>();
  const base = `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(selector)}`;
  let state = tally(pods, nodes);
  while (Date.now() < deadline && !signal.aborted) {
    const started = Date.now();
    try {
      const list = await api.get<List<Pod>>(base, { signal });
      pods.clear();
      for (const p of list.items) pods.set(p.metadata.name ?? '', p);
      state = tally(pods, nodes);
      if (state.settled) break;
      const remaining = deadline - Date.now();
      const rv = encodeURIComponent(list.metadata?.resourceVersion ?? '');
      const secs = Math.max(1, Math.ceil(remaining / 1000));
      await api.watch<Pod>(
        `${base}&watch=1&resourceVersion=${rv}&timeoutSeconds=${secs}`,
        { timeoutMs: remaining, signal },
        (ev: WatchEvent<Pod>) => {
          const p = ev.object as Pod;
          const name = p.metadata?.name;
          if (name === undefined || ev.type === 'BOOKMARK') return false;
          if (ev.type === 'DELETED') pods.delete(name);
          else pods.set(name, p);
          state = tally(pods, nodes);
          return state.settled;
        },
      );
      if (state.settled) break;
    } catch (e) {
      if (!(e instanceof CnibenchError) || (e.code !== 'K8S_GONE' && !isRetryable(e))) throw e;
    }
    if (Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 1000));
  }
  if (signal.aborted)
    throw new CnibenchError('INTERRUPTED', `interrupted while waiting for the mesh pods in ${ns}`);
  return { ready: state.ready, notReady: state.notReady };
}
