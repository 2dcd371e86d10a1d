import type { KubeApi, ObjectMeta } from './api/index.js';
import { MANAGED_BY, POD_LABEL } from './manifests.js';

/** Labels every policy of one programmed set, so one request removes them all. */
export const POLICY_SET_LABEL = 'cnibench.io/policy-set';
/** Peers the filler policies allow: no pod carries this label, so they allow no one else. */
export const PEER_LABEL = 'cnibench.io/peer';
const BASE = (ns: string): string => `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`;
/** Policies created at once: each request listens on the run's abort signal, and Node warns past 10 listeners. */
const CONCURRENCY = 8;

interface PolicyPort {
  protocol: 'TCP';
  port: number;
}

/** The fields of networking.k8s.io/v1 NetworkPolicy cnibench writes. */
export interface NetworkPolicy {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: ObjectMeta;
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    policyTypes: ['Ingress'];
    ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[]; ports: PolicyPort[] }[];
  };
}

function policy(
  name: string,
  labels: Record<string, string>,
  serverRole: string,
  ingress: NetworkPolicy['spec']['ingress'],
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, labels },
    spec: { podSelector: { matchLabels: { [POD_LABEL]: serverRole } }, policyTypes: ['Ingress'], ingress },
  };
}

/** A policy that selects the server pod and allows nothing in: once enforced, no connection reaches it. */
export function denyAllPolicy(serverRole: string): NetworkPolicy {
  return policy('cnibench-deny-probe', { [MANAGED_BY]: 'cnibench' }, serverRole, []);
}

/**
 * `count` policies on the server pod, each allowing one peer on `ports`: the first `count - 1`
 * allow peers that do not exist (as a cluster's per-team policies allow other apps), the last
 * allows the measured client. Calico, Cilium and Antrea each turn one such policy into rules
 * or map entries of the server pod's ingress.
 */
export function policySet(
  setId: string,
  serverRole: string,
  clientRole: string,
  count: number,
  ports: readonly number[],
): NetworkPolicy[] {
  const labels = { [MANAGED_BY]: 'cnibench', [POLICY_SET_LABEL]: setId };
  const portList: PolicyPort[] = ports.map((port) => ({ protocol: 'TCP', port }));
  return Array.from({ length: count }, (_, i) => {
    const last = i === count - 1;
    const from: Record<string, string> = last ? { [POD_LABEL]: clientRole } : { [PEER_LABEL]: `p${i}` };
    return policy(`cnibench-${setId}-${i}`, labels, serverRole, [
      { from: [{ podSelector: { matchLabels: from } }], ports: portList },
    ]);
  });
}

/** Creates policies, `CONCURRENCY` at a time, in order: the last one is created after all others. */
export async function createPolicies(
  api: KubeApi,
  ns: string,
  policies: readonly NetworkPolicy[],
  signal: AbortSignal,
): Promise<void> {
  const head = policies.slice(0, -1);
  for (let i = 0; i < head.length; i += CONCURRENCY) {
    await Promise.all(
      head.slice(i, i + CONCURRENCY).map((p) => api.post<NetworkPolicy>(BASE(ns), p, { signal })),
    );
  }
  const last = policies.at(-1);
  if (last !== undefined) await api.post<NetworkPolicy>(BASE(ns), last, { signal });
}

/** Removes one policy set (or, without `setId`, every policy cnibench made in the namespace) in one request. */
export async function deletePolicies(api: KubeApi, ns: string, setId?: string): Promise<void> {
  const selector = setId === undefined ? `${MANAGED_BY}=cnibench` : `${POLICY_SET_LABEL}=${setId}`;
  await api.delete(`${BASE(ns)}?labelSelector=${encodeURIComponent(selector)}`, { retries: 3 });
}

export async function createPolicy(
  api: KubeApi,
  ns: string,
  p: NetworkPolicy,
  signal: AbortSignal,
): Promise<void> {
  await api.post<NetworkPolicy>(BASE(ns), p, { signal });
}

export async function deletePolicy(api: KubeApi, ns: string, name: string): Promise<void> {
  await api.delete(`${BASE(ns)}/${name}`, { retries: 3 });
}
