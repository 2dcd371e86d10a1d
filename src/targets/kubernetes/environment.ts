import { CnibenchError } from '../../model/errors.js';
import type { Environment } from '../../model/environment.js';
import type { ConfigMap, DaemonSet, KubeApi, List, Node, VersionInfo } from './api/index.js';
import { detectCni, kubeProxyMode, type CniInfo } from './cni.js';
import { nodeInstanceType, nodeZone } from './nodes.js';

/** What a scenario's cluster is, read with a fixed number of calls (independent of its size). */
export interface ClusterFacts {
  version: VersionInfo;
  nodeCount: number;
  cni: CniInfo;
  /** null: no kube-proxy DaemonSet found (it may still run outside the cluster; probed later). */
  kubeProxy: string | null;
  metricsApi: boolean;
}

async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof CnibenchError && (e.code === 'K8S_NOT_FOUND' || e.code === 'K8S_FORBIDDEN'))
      return undefined;
    throw e;
  }
}

export async function readClusterFacts(
  api: KubeApi,
  nodeCount: number,
  signal: AbortSignal,
): Promise<ClusterFacts> {
  const version = await api.get<VersionInfo>('/version', { signal });
  // all namespaces (Calico's operator uses calico-system); kube-system alone if that is all we may list
  const ds =
    (await optional(api.get<List<DaemonSet>>('/apis/apps/v1/daemonsets', { signal }))) ??
    (await optional(api.get<List<DaemonSet>>('/apis/apps/v1/namespaces/kube-system/daemonsets', { signal })));
  const daemonSets = ds?.items ?? [];
  const cni = detectCni(daemonSets);
  const kp = await optional(
    api.get<ConfigMap>('/api/v1/namespaces/kube-system/configmaps/kube-proxy', { signal }),
  );
  const cilium = cni.name.includes('cilium')
    ? await optional(
        api.get<ConfigMap>('/api/v1/namespaces/kube-system/configmaps/cilium-config', { signal }),
      )
    : undefined;
  const kpText = kp?.data?.['config.conf'] ?? kp?.data?.['config'];
  const metrics = await optional(api.get<object>('/apis/metrics.k8s.io/v1beta1', { signal, retries: 0 }));
  return {
    version,
    nodeCount,
    cni,
    kubeProxy: kubeProxyMode(daemonSets, kpText, cilium?.data),
    metricsApi: metrics !== undefined,
  };
}

function nodeFacts(prefix: string, n: Node | undefined): Environment {
  const info = n?.status?.nodeInfo;
  return {
    [`${prefix}`]: n?.metadata.name ?? null,
    [`${prefix}_kernel`]: info?.kernelVersion ?? null,
    [`${prefix}_os`]: info?.osImage ?? null,
    [`${prefix}_arch`]: info?.architecture ?? null,
    [`${prefix}_runtime`]: info?.containerRuntimeVersion ?? null,
    [`${prefix}_instance_type`]: (n && nodeInstanceType(n)) ?? null,
    [`${prefix}_zone`]: (n && nodeZone(n)) ?? null,
  };
}

/** The flat environment record of a Kubernetes scenario (SPEC 6.7). */
export function environmentOf(
  f: ClusterFacts,
  nodes: readonly Node[],
  extra: {
    context: string;
    namespace: string;
    podMtu: number | null;
    hostMtu: number | null;
    kubeProxy: string | null;
  },
): Environment {
  return {
    kubernetes_version: f.version.gitVersion ?? `${f.version.major ?? '?'}.${f.version.minor ?? '?'}`,
    kubernetes_platform: f.version.platform ?? null,
    context: extra.context,
    namespace: extra.namespace,
    node_count: f.nodeCount,
    ...nodeFacts('node_a', nodes[0]),
    ...nodeFacts('node_b', nodes[1]),
    cni: f.cni.name,
    cni_version: f.cni.version,
    cni_image: f.cni.image,
    cni_daemonsets: f.cni.daemonSets.join(',') || null,
    kube_proxy_mode: extra.kubeProxy ?? 'not found',
    metrics_api: f.metricsApi,
    pod_mtu: extra.podMtu,
    host_mtu: extra.hostMtu,
  };
}
