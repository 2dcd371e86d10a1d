import { CnibenchError } from '../../model/errors.js';
import { KubeApi, type List, type ObjectMeta } from './api/index.js';
import { labelValue, MANAGED_SELECTOR, RUN_LABEL } from './manifests.js';
import { deleteNamespace } from './objects.js';
import type { KubernetesClusterOptions } from './options.js';

/** What `cleanupKubernetes` removed and what it could not. */
export interface KubernetesCleanupReport {
  context: string;
  /** Namespaces deleted (and gone, or still terminating: see `terminating`). */
  namespaces: string[];
  /** Objects outside those namespaces, as `kind namespace/name`. */
  objects: string[];
  terminating: string[];
  failed: { name: string; error: string }[];
}

const KINDS = [
  {
    kind: 'pod',
    path: '/api/v1/pods',
    item: (ns: string, n: string) => `/api/v1/namespaces/${ns}/pods/${n}`,
  },
  {
    kind: 'service',
    path: '/api/v1/services',
    item: (ns: string, n: string) => `/api/v1/namespaces/${ns}/services/${n}`,
  },
] as const;

/**
 * Finds everything labelled `app.kubernetes.io/managed-by=cnibench` across the cluster (the
 * runs' namespaces, and any pod or Service elsewhere) and deletes it. Idempotent.
 */
export async function cleanupKubernetes(
  opts: KubernetesClusterOptions = {},
): Promise<KubernetesCleanupReport> {
  const api = (opts.connect ?? ((o) => new KubeApi(o)))({
    ...(opts.kubeconfig !== undefined ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.context !== undefined ? { context: opts.context } : {}),
  });
  const log = opts.log ?? ((): void => undefined);
  const selector = encodeURIComponent(
    opts.runId === undefined
      ? MANAGED_SELECTOR
      : `${MANAGED_SELECTOR},${RUN_LABEL}=${labelValue(opts.runId)}`,
  );
  const signal = opts.signal;
  const report: KubernetesCleanupReport = {
    context: api.context,
    namespaces: [],
    objects: [],
    terminating: [],
    failed: [],
  };
  const nsList = await api.get<List<{ metadata: ObjectMeta }>>(
    `/api/v1/namespaces?labelSelector=${selector}`,
    signal ? { signal } : {},
  );
  const names = nsList.items.map((n) => n.metadata.name!).filter((n) => n !== undefined);
  const results = await Promise.all(
    names.map(async (ns) => {
      log(`deleting namespace ${ns}`);
      try {
        return { ns, gone: await deleteNamespace(api, ns, 90_000) };
      } catch (e) {
        return { ns, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  for (const r of results) {
    if ('error' in r) report.failed.push({ name: `namespace ${r.ns}`, error: r.error ?? '' });
    else {
      report.namespaces.push(r.ns);
      if (!r.gone) report.terminating.push(r.ns);
    }
  }
  const ours = new Set(names);
  for (const k of KINDS) {
    let list: List<{ metadata: ObjectMeta }>;
    try {
      list = await api.get(`${k.path}?labelSelector=${selector}`, signal ? { signal } : {});
    } catch (e) {
      if (e instanceof CnibenchError && e.code === 'K8S_FORBIDDEN') {
        report.failed.push({ name: `${k.kind}s in all namespaces`, error: e.message });
        continue;
      }
      throw e;
    }
    for (const o of list.items) {
      const ns = o.metadata.namespace ?? '';
      const name = o.metadata.name ?? '';
      if (ours.has(ns) || o.metadata.deletionTimestamp !== undefined) continue;
      try {
        await api.delete(k.item(ns, name));
        report.objects.push(`${k.kind} ${ns}/${name}`);
      } catch (e) {
        report.failed.push({
          name: `${k.kind} ${ns}/${name}`,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
  }
  return report;
}
