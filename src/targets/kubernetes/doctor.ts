import { CnibenchError } from '../../model/errors.js';
import type { Check } from '../../model/check.js';
import { KubeApi, type List, type Node, type VersionInfo } from './api/index.js';
import { readClusterFacts } from './environment.js';
import { checkImageOnNodes } from './doctor-pods.js';
import { chooseNodes, nodeZone, type NodeChoice } from './nodes.js';
import type { KubernetesClusterOptions } from './options.js';

/** One doctor finding, as data; the CLI renders it. */
export type KubernetesCheck = Check;

/** Checks without which a Kubernetes run cannot work. */
export const ESSENTIAL_KUBERNETES_CHECKS = [
  'kubeconfig',
  'API server',
  'permissions',
  'nodes',
  'tools image',
  'programs',
];

const RBAC_FIX =
  'kubectl apply -f deploy/rbac.yaml and bind the ClusterRole to this user (docs/kubernetes.md, "RBAC")';

/** What a run needs to be allowed, checked with SelfSubjectAccessReviews. */
const PERMISSIONS: {
  verb: string;
  resource: string;
  group?: string;
  subresource?: string;
  namespaced?: boolean;
}[] = [
  { verb: 'create', resource: 'namespaces' },
  { verb: 'delete', resource: 'namespaces' },
  { verb: 'list', resource: 'nodes' },
  { verb: 'create', resource: 'pods', namespaced: true },
  { verb: 'watch', resource: 'pods', namespaced: true },
  { verb: 'create', resource: 'pods', subresource: 'exec', namespaced: true },
  { verb: 'create', resource: 'services', namespaced: true },
  { verb: 'list', resource: 'daemonsets', group: 'apps' },
  { verb: 'get', resource: 'nodes', subresource: 'proxy' },
];

interface AccessReview {
  status?: { allowed?: boolean; reason?: string };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function failed(name: string, e: unknown, fix?: string): Check {
  const hint = fix ?? (e instanceof CnibenchError ? e.hint : undefined);
  return { name, ok: false, detail: message(e), ...(hint ? { fix: hint } : {}) };
}

/** Checks a cluster for what `run --target kubernetes` needs; never throws for a failed check. */
export async function doctorKubernetes(opts: KubernetesClusterOptions = {}): Promise<Check[]> {
  let api: KubeApi;
  try {
    api = connect(opts);
  } catch (e) {
    return [failed('kubeconfig', e)];
  }
  const checks: Check[] = [
    { name: 'kubeconfig', ok: true, detail: `context ${api.context}, server ${api.server}` },
  ];
  const signal = opts.signal ?? new AbortController().signal;
  const version = await checkVersion(api, signal);
  checks.push(version.check);
  if (!version.reachable) return checks;
  checks.push(await checkPermissions(api, opts));
  const nodes = await checkNodes(api, opts, signal);
  checks.push(nodes.check);
  checks.push(...(await checkCni(api, nodes.count, signal)));
  checks.push(await checkDns(api, signal));
  if (opts.settings !== undefined && nodes.chosen.length > 0)
    checks.push(...(await checkImageOnNodes(api, opts.settings, nodes.chosen, signal, opts.tools ?? [])));
  return checks;
}

function connect(opts: KubernetesClusterOptions): KubeApi {
  return (opts.connect ?? ((o) => new KubeApi(o)))({
    ...(opts.kubeconfig !== undefined ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.context !== undefined ? { context: opts.context } : {}),
    retries: 1,
    requestTimeoutMs: 10_000,
  });
}

async function checkVersion(
  api: KubeApi,
  signal: AbortSignal,
): Promise<{ check: Check; reachable: boolean }> {
  try {
    const v = await api.get<VersionInfo>('/version', { signal });
    const minor = Number((v.minor ?? '').replace(/\D.*$/, ''));
    const old = v.major === '1' && minor < 20;
    const check = {
      name: 'API server',
      ok: !old,
      detail: `Kubernetes ${v.gitVersion ?? `${v.major}.${v.minor}`}${old ? ' (older than 1.20, not supported)' : ''}`,
      ...(old ? { fix: 'use a cluster running Kubernetes 1.20 or newer' } : {}),
    };
    return { check, reachable: true };
  } catch (e) {
    return {
      check: failed('API server', e, 'check that the cluster is up and the context is right'),
      reachable: false,
    };
  }
}

async function checkPermissions(api: KubeApi, opts: KubernetesClusterOptions): Promise<Check> {
  const denied: string[] = [];
  // copies of registry secrets into the run's namespace (deploy/rbac-pull-secrets.yaml)
  const needed =
    (opts.settings?.imagePullSecrets.length ?? 0) > 0
      ? [
          ...PERMISSIONS,
          { verb: 'get', resource: 'secrets', namespaced: true },
          { verb: 'create', resource: 'secrets', namespaced: true },
        ]
      : PERMISSIONS;
  for (const p of needed) {
    const attrs = {
      verb: p.verb,
      resource: p.resource,
      ...(p.group ? { group: p.group } : {}),
      ...(p.subresource ? { subresource: p.subresource } : {}),
      ...(p.namespaced ? { namespace: `${opts.settings?.namespacePrefix ?? 'cnibench'}-doctor` } : {}),
    };
    try {
      const r = await api.post<AccessReview>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: attrs },
      });
      if (r.status?.allowed !== true)
        denied.push(`${p.verb} ${p.resource}${p.subresource ? `/${p.subresource}` : ''}`);
    } catch (e) {
      denied.push(`${p.verb} ${p.resource} (review failed: ${message(e)})`);
    }
  }
  return denied.length === 0
    ? { name: 'permissions', ok: true, detail: `all ${needed.length} needed permissions granted` }
    : { name: 'permissions', ok: false, detail: `missing: ${denied.join(', ')}`, fix: RBAC_FIX };
}

async function checkNodes(
  api: KubeApi,
  opts: KubernetesClusterOptions,
  signal: AbortSignal,
): Promise<{ check: Check; count: number; chosen: Node[] }> {
  let all: Node[];
  try {
    all = (await api.get<List<Node>>('/api/v1/nodes', { signal })).items;
  } catch (e) {
    return { check: failed('nodes', e), count: 0, chosen: [] };
  }
  const count = all.length;
  let c: NodeChoice;
  try {
    c = chooseNodes(all, opts.settings?.tolerations ?? [], opts.nodes, {
      crossZone: opts.settings?.crossZone ?? false,
    });
  } catch (e) {
    return { check: failed('nodes', e), count, chosen: [] };
  }
  const names = c.nodes.map((n) => `${n.metadata.name ?? '?'}${zoneOf(n)}`).join(' and ');
  const skipped = c.skipped.length === 0 ? '' : `; not used: ${skippedText(c.skipped)}`;
  if (c.nodes.length > 1)
    return {
      check: { name: 'nodes', ok: true, detail: `would use ${names} (of ${count})${skipped}` },
      count,
      chosen: c.nodes,
    };
  return {
    check: {
      name: 'nodes',
      ok: true,
      detail: `only ${names} is usable, so a run skips cross-node (it needs two nodes)${skipped}`,
      fix: 'add a worker node, uncordon one, or add tolerations under `kubernetes.tolerations`',
    },
    count,
    chosen: c.nodes,
  };
}

const zoneOf = (n: Node): string => {
  const z = nodeZone(n);
  return z === undefined ? '' : ` (zone ${z})`;
};

/** "n3: cordoned (unschedulable); n4: tainted ...; and 996 more". */
function skippedText(skipped: NodeChoice['skipped']): string {
  const shown = skipped.slice(0, 5).map((s) => `${s.name}: ${s.reason}`);
  return skipped.length > 5 ? `${shown.join('; ')}; and ${skipped.length - 5} more` : shown.join('; ');
}

async function checkCni(api: KubeApi, nodeCount: number, signal: AbortSignal): Promise<Check[]> {
  try {
    const f = await readClusterFacts(api, nodeCount, signal);
    const agents = f.cni.daemonSets.length
      ? ` (${f.cni.daemonSets.join(', ')})`
      : ' (no known agent DaemonSet)';
    return [
      {
        name: 'CNI',
        ok: true,
        detail: `${f.cni.name}${f.cni.version ? ` ${f.cni.version}` : ''}${agents}; kube-proxy: ${f.kubeProxy ?? 'no DaemonSet (probed on the node during a run)'}`,
      },
      {
        name: 'resource metrics',
        ok: true,
        detail: f.metricsApi
          ? 'metrics.k8s.io available'
          : 'no metrics.k8s.io: CNI CPU/memory come from the kubelet stats/summary',
      },
    ];
  } catch (e) {
    return [failed('CNI', e, RBAC_FIX)];
  }
}

async function checkDns(api: KubeApi, signal: AbortSignal): Promise<Check> {
  try {
    await api.get('/api/v1/namespaces/kube-system/services/kube-dns', { signal });
    return { name: 'cluster DNS', ok: true, detail: 'Service kube-system/kube-dns found' };
  } catch (e) {
    return failed('cluster DNS', e, 'the dns measurement needs CoreDNS (Service kube-system/kube-dns)');
  }
}
