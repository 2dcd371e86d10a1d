import type { KubernetesSettings } from './schema.js';
import { CnibenchError } from '../../model/errors.js';
import type { KubeApi, List, Namespace, Pod, Secret, Service } from './api/index.js';
import { admissionDenial, HOST_DENIED_HINT } from './admission.js';
import { withoutHost, type Layout } from './layout.js';
import {
  labelValue,
  MANAGED_BY,
  namespaceManifest,
  podManifest,
  POD_ROLES,
  pullSecretName,
  RUN_LABEL,
  runLabels,
  serviceManifest,
} from './manifests.js';
import { sleep } from '../../util/sleep.js';

const NOW = { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 };

/**
 * Starts deleting a namespace: its pods first, at once (grace period 0; they hold nothing worth
 * a graceful stop), so the namespace controller finds it empty and removes it in its first
 * pass; then the namespace itself. Returns as soon as the API server took the requests.
 */
export async function startNamespaceDeletion(api: KubeApi, ns: string): Promise<void> {
  try {
    const list = await api.get<List<Pod>>(`/api/v1/namespaces/${ns}/pods`, { retries: 1 });
    await Promise.all(
      list.items.map((p) =>
        api.delete(`/api/v1/namespaces/${ns}/pods/${p.metadata.name ?? ''}`, { body: NOW, retries: 1 }),
      ),
    );
  } catch (e) {
    if (!(e instanceof CnibenchError) || e.code !== 'K8S_NOT_FOUND') throw e;
  }
  await api.delete(`/api/v1/namespaces/${ns}`, {
    body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
  });
}

/**
 * Polls an object every `pollMs` until the API server answers 404: true once it is gone, false
 * if it was still there at the deadline or when `signal` ended the wait.
 */
export async function waitGone(
  api: KubeApi,
  path: string,
  timeoutMs: number,
  pollMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await api.get<unknown>(path, { retries: 1, ...(signal ? { signal } : {}) });
    } catch (e) {
      if (e instanceof CnibenchError && e.code === 'K8S_NOT_FOUND') return true;
      if (signal?.aborted === true) return false;
      throw e;
    }
    if (Date.now() >= deadline || signal?.aborted === true) return false;
    await sleep(pollMs, signal);
  }
}

/**
 * Waits until a namespace is gone; false if it was still there at the deadline or when
 * `signal` ended the wait.
 */
export function waitNamespaceGone(
  api: KubeApi,
  ns: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  return waitGone(api, `/api/v1/namespaces/${ns}`, timeoutMs, 500, signal);
}

/** Deletes a namespace and waits until it is gone; returns false if it was still there at the deadline. */
export async function deleteNamespace(api: KubeApi, ns: string, timeoutMs: number): Promise<boolean> {
  await startNamespaceDeletion(api, ns);
  return waitNamespaceGone(api, ns, timeoutMs);
}

/** Creates the run's namespace; an earlier copy of the same run's namespace is removed first. */
export async function createNamespace(
  api: KubeApi,
  ns: string,
  runId: string,
  privileged: boolean,
  signal: AbortSignal,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await api.post<Namespace>('/api/v1/namespaces', namespaceManifest(ns, runId, privileged), { signal });
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
export async function createPod(
  api: KubeApi,
  ns: string,
  pod: Pod,
  signal: AbortSignal,
  query = '',
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await api.post<Pod>(`/api/v1/namespaces/${ns}/pods${query}`, pod, { signal });
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
  /** The layout as created: without the host-network pods when admission refused them. */
  layout: Layout;
  serviceIP: string | undefined;
}

/** Creates a host-network pod; undefined when created, else admission's reason for refusing it. */
async function createHostPod(
  api: KubeApi,
  ns: string,
  pod: Pod,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    await createPod(api, ns, pod, signal);
    return undefined;
  } catch (e) {
    const denied = admissionDenial(e);
    if (denied === undefined) throw e;
    return denied;
  }
}

/**
 * The layout's pods and the Service, all created at once. Host-network pods that admission
 * refuses (Pod Security Admission, a policy webhook) leave the `host` placement out with the
 * refusal's message instead of failing the scenario.
 */
export async function createRunObjects(
  api: KubeApi,
  ns: string,
  runId: string,
  layout: Layout,
  settings: KubernetesSettings,
  signal: AbortSignal,
  /** Annotations of the pods on the pod network (not the host-network ones), e.g. Multus's. */
  podAnnotations: Record<string, string> = {},
): Promise<CreatedObjects> {
  const manifest = (p: Layout['pods'][number]): Pod =>
    podManifest(p.role, p.node, ns, runId, settings, POD_ROLES[p.role].host ? {} : podAnnotations);
  const [denials, svc] = await Promise.all([
    Promise.all(
      layout.pods.map((p) =>
        POD_ROLES[p.role].host
          ? createHostPod(api, ns, manifest(p), signal)
          : createPod(api, ns, manifest(p), signal).then(() => undefined),
      ),
    ),
    api.post<Service>(`/api/v1/namespaces/${ns}/services`, serviceManifest(ns, runId, settings), { signal }),
  ]);
  const denied = denials.find((d) => d !== undefined);
  if (denied === undefined) return { layout, serviceIP: svc.spec?.clusterIP };
  // one host pod may have been admitted when the other was not: neither is used
  await Promise.all(
    layout.pods
      .filter((p) => POD_ROLES[p.role].host)
      .map((p) => api.delete(`/api/v1/namespaces/${ns}/pods/${p.role}`, { body: NOW })),
  );
  return {
    layout: withoutHost(layout, `host-network pods are not admitted: ${denied} (fix: ${HOST_DENIED_HINT})`),
    serviceIP: svc.spec?.clusterIP,
  };
}

/** Copies each `namespace/name` pull secret into the run's namespace. */
export async function copyPullSecrets(
  api: KubeApi,
  ns: string,
  runId: string,
  refs: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  for (const ref of refs) {
    const [from, name] = ref.split('/') as [string, string];
    let secret: Secret;
    try {
      secret = await api.get<Secret>(`/api/v1/namespaces/${from}/secrets/${name}`, { signal });
    } catch (e) {
      if (e instanceof CnibenchError && (e.code === 'K8S_NOT_FOUND' || e.code === 'K8S_FORBIDDEN')) {
        throw new CnibenchError(
          'K8S_CONFIG',
          `kubernetes.imagePullSecrets: cannot read Secret ${ref}: ${e.message}`,
          {
            hint: `create it (kubectl -n ${from} create secret docker-registry ${name} --docker-server=... ) and allow cnibench to read it (deploy/rbac.yaml, "image pull secrets")`,
          },
        );
      }
      throw e;
    }
    await api.post<Secret>(
      `/api/v1/namespaces/${ns}/secrets`,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: pullSecretName(ref), namespace: ns, labels: runLabels(labelValue(runId)) },
        ...(secret.type !== undefined ? { type: secret.type } : {}),
        data: secret.data ?? {},
      },
      { signal },
    );
  }
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
