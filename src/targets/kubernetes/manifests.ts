import type { KubernetesSettings } from './schema.js';
import type { Namespace, Pod, Service, ServicePort } from './api/index.js';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const RUN_LABEL = 'cnibench.io/run';
export const POD_LABEL = 'cnibench.io/pod';
export const MANAGED_SELECTOR = `${MANAGED_BY}=cnibench`;
export const CONTAINER = 'tools';
export const SERVICE_NAME = 'cnibench-server';
/** Port of the client-to-server connectivity check; also exposed by the Service. */
export const CHECK_PORT = 5299;

/** The run's pods: which node (a or b) and whether on the host network. */
export const POD_ROLES = {
  'srv-a': { node: 'a', host: false },
  'cli-a': { node: 'a', host: false },
  'cli-b': { node: 'b', host: false },
  'host-a': { node: 'a', host: true },
  'host-b': { node: 'b', host: true },
} as const;
export type PodRole = keyof typeof POD_ROLES;

export function runLabels(runId: string): Record<string, string> {
  return { [MANAGED_BY]: 'cnibench', [RUN_LABEL]: runId };
}

/** Namespace names are DNS labels: the prefix, then the run id made safe. */
export function namespaceName(prefix: string, runId: string): string {
  const id = runId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}-${id}`.slice(0, 63).replace(/-+$/, '');
}

/** Label values allow [A-Za-z0-9_.-], at most 63. */
export function labelValue(v: string): string {
  return (
    v
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .slice(0, 63)
      .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '') || 'x'
  );
}

/** The Pod Security Admission label that admits host-network pods (`--privileged-namespace`). */
export const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';

export function namespaceManifest(name: string, runId: string, privileged: boolean): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        ...runLabels(labelValue(runId)),
        // host-network pods (the `host` baseline) need the privileged Pod Security level
        ...(privileged ? { [PSA_ENFORCE]: 'privileged' } : {}),
      },
    },
  };
}

/** The name of a copied pull secret in the run's namespace: `namespace/name` -> `name`. */
export function pullSecretName(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}

export function podManifest(
  role: PodRole,
  nodeName: string,
  ns: string,
  runId: string,
  settings: KubernetesSettings,
  /** Extra annotations, e.g. Multus's `k8s.v1.cni.cncf.io/networks` (secondary networks). */
  annotations: Record<string, string> = {},
): Pod {
  return toolsPodManifest({
    name: role,
    host: POD_ROLES[role].host,
    nodeName,
    ns,
    runId,
    settings,
    annotations,
  });
}

/** A tools pod of the run, pinned to a node: the run's own pods and those attached on demand (`podnet`). */
export function toolsPodManifest(p: {
  name: string;
  host: boolean;
  nodeName: string;
  ns: string;
  runId: string;
  settings: KubernetesSettings;
  annotations?: Record<string, string>;
}): Pod {
  const { name, host, nodeName, ns, runId, settings, annotations = {} } = p;
  const resources: { requests?: Record<string, string>; limits?: Record<string, string> } = {};
  const req = Object.fromEntries(
    Object.entries(settings.requests).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  if (Object.keys(req).length > 0) resources.requests = req;
  const lim = Object.fromEntries(
    Object.entries(settings.limits ?? {}).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  if (Object.keys(lim).length > 0) resources.limits = lim;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels: {
        ...runLabels(labelValue(runId)),
        [POD_LABEL]: name,
        'app.kubernetes.io/name': 'cnibench-tools',
      },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      containers: [
        {
          name: CONTAINER,
          image: settings.image,
          imagePullPolicy: settings.imagePullPolicy,
          // exits at once on SIGTERM (a plain `sleep` as PID 1 ignores it), so teardown is quick
          command: ['sh', '-c', 'trap "exit 0" TERM; sleep infinity & wait'],
          resources,
        },
      ],
      ...(settings.imagePullSecrets.length > 0
        ? { imagePullSecrets: settings.imagePullSecrets.map((r) => ({ name: pullSecretName(r) })) }
        : {}),
      hostNetwork: host,
      dnsPolicy: host ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      tolerations: settings.tolerations,
      // pinned through the scheduler (not spec.nodeName), so resource and taint problems are reported as Unschedulable
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] },
            ],
          },
        },
      },
    },
  };
}

/** The ClusterIP in front of `srv-a`, with TCP and UDP for each configured port and the check port. */
export function serviceManifest(ns: string, runId: string, settings: KubernetesSettings): Service {
  const ports: ServicePort[] = [];
  const numbers = new Set<number>([CHECK_PORT]);
  for (let i = 0; i < settings.servicePorts.count; i++) numbers.add(settings.servicePorts.first + i);
  for (const p of [...numbers].sort((a, b) => a - b)) {
    ports.push({ name: `tcp-${p}`, protocol: 'TCP', port: p, targetPort: p });
    ports.push({ name: `udp-${p}`, protocol: 'UDP', port: p, targetPort: p });
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: SERVICE_NAME, namespace: ns, labels: runLabels(labelValue(runId)) },
    spec: { type: 'ClusterIP', selector: { [POD_LABEL]: 'srv-a' }, ports },
  };
}
