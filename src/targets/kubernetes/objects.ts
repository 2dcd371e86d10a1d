import type { KubernetesSettings } from './schema.js';
import { CnibenchError } from '../../model/errors.js';
import type { KubeApi, List, Namespace, Pod, Service } from './api/index.js';
import {
  MANAGED_BY,
  namespaceManifest,
  podManifest,
  POD_ROLES,
  RUN_LABEL,
  serviceManifest,
  type PodRole,
} from './manifests.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Deletes the pods of a namespace first and waits for them (about the pods' 1 s grace period):
 * a namespace without pods is removed in the namespace controller's first pass, instead of
 * after its retry backoff.
 */
async function deletePods(api: KubeApi, ns: string, deadline: number): Promise<void> {
  const list = await api.get<List<Pod>>(`/api/v1/namespaces/${ns}/pods`, { retries: 1 });
  for (const p of list.items) await api.delete(`/api/v1/namespaces/${ns}/pods/${p.metadata.name ?? ''}`);
  let left = list.items.length;
  while (left > 0 && Date.now() < deadline) {
    await sleep(1000);
    left = (await api.get<List<Pod>>(`/api/v1/namespaces/${ns}/pods`, { retries: 1 })).items.length;
  }
}

/** Deletes a namespace and waits until it is gone; returns false if it was still there at the deadline. */
export async function deleteNamespace(api: KubeApi, ns: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  try {
    await deletePods(api, ns, Math.min(deadline, Date.now() + 30_000));
  } catch (e) {
    if (!(e instanceof CnibenchError) || e.code !== 'K8S_NOT_FOUND') throw e;
  }
  await api.delete(`/api/v1/namespaces/${ns}`, {
    body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
  });
  while (Date.now() < deadline) {
    try {
      await api.get<Namespace>(`/api/v1/namespaces/${ns}`, { retries: 1 });
    } catch (e) {
      if (e instanceof CnibenchError && e.code === 'K8S_NOT_FOUND') return true;
      throw e;
    }
    await sleep(1000);
  }
  return false;
}

/** Creates the run's namespace; an earlier copy of the same run's namespace is removed first. */
export async function createNamespace(
  api: KubeApi,
  ns: string,
  runId: string,
  signal: AbortSignal,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await api.post<Namespace>('/api/v1/namespaces', namespaceManifest(ns, runId), { signal });
      return;
    } catch (e) {
      if (!(e instanceof CnibenchError) || e.code !== 'K8S_CONFLICT' || attempt > 0) throw e;
      const existing = await api.get<Namespace>(`/api/v1/namespaces/${ns}`, { signal });
      if (
        existing.metadata.labels?.[MANAGED_BY] !== 'cnibench' ||
        existing.metadata.labels[RUN_LABEL] === undefined
      ) {
        throw new CnibenchError(
          'K8S_CONFLICT',
          `namespace ${ns} already exists and cnibench did not create it`,
          {
            hint: 'choose another `kubernetes.namespacePrefix` in the config file, or delete that namespace',
          },
        );
      }
      // ours (an earlier scenario of this run, or a crashed run with the same id): remove it first
      if (!(await deleteNamespace(api, ns, 120_000))) {
        throw new CnibenchError(
          'K8S_WAIT_EXPIRED',
          `namespace ${ns} from an earlier attempt is still being deleted after 120 s`,
          {
            hint: 'look for finalizers on it (`kubectl get ns -o yaml`) and run `cnibench cleanup --target kubernetes`',
          },
        );
      }
    }
  }
}

/**
 * Creates a pod, retrying while the new namespace's default service account does not exist
 * yet (the API server refuses pods until the controller creates it).
 */
async function createPod(api: KubeApi, ns: string, pod: Pod, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await api.post<Pod>(`/api/v1/namespaces/${ns}/pods`, pod, { signal });
      return;
    } catch (e) {
      const waitingForSa =
        e instanceof CnibenchError && e.code === 'K8S_FORBIDDEN' && /service ?account/i.test(e.message);
      if (!waitingForSa || Date.now() > deadline || signal.aborted) throw e;
      await sleep(500);
    }
  }
}

export interface CreatedObjects {
  roles: PodRole[];
  serviceIP: string | undefined;
}

/** The pods for the chosen nodes (host-network pair and node-b pods only with two nodes) and the Service. */
export async function createRunObjects(
  api: KubeApi,
  ns: string,
  runId: string,
  nodes: readonly string[],
  settings: KubernetesSettings,
  signal: AbortSignal,
): Promise<CreatedObjects> {
  const roles = (Object.keys(POD_ROLES) as PodRole[]).filter(
    (r) => POD_ROLES[r].node === 'a' || nodes.length > 1,
  );
  for (const role of roles) {
    const node = POD_ROLES[role].node === 'a' ? nodes[0]! : nodes[1]!;
    await createPod(api, ns, podManifest(role, node, ns, runId, settings), signal);
  }
  const svc = await api.post<Service>(
    `/api/v1/namespaces/${ns}/services`,
    serviceManifest(ns, runId, settings),
    { signal },
  );
  return { roles, serviceIP: svc.spec?.clusterIP };
}

/** The CNI agent pods on the given nodes: one list per agent DaemonSet and node. */
export async function findAgentPods(
  api: KubeApi,
  selectors: readonly { namespace: string; labels: Record<string, string> }[],
  nodes: readonly string[],
  signal: AbortSignal,
): Promise<{ namespace: string; name: string; node: string }[]> {
  const out: { namespace: string; name: string; node: string }[] = [];
  for (const sel of selectors) {
    const labels = Object.entries(sel.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (labels === '') continue;
    for (const node of nodes) {
      const q = `labelSelector=${encodeURIComponent(labels)}&fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`;
      const list = await api.get<List<Pod>>(`/api/v1/namespaces/${sel.namespace}/pods?${q}`, { signal });
      for (const p of list.items) out.push({ namespace: sel.namespace, name: p.metadata.name ?? '', node });
    }
  }
  return out;
}
