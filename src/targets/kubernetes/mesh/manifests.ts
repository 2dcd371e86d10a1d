import type { KubernetesSettings } from '../schema.js';
import type { Pod } from '../api/index.js';
import { CONTAINER, labelValue, MANAGED_BY, RUN_LABEL, runLabels } from '../manifests.js';

/** Label of every mesh pod, and of its role. */
export const MESH_LABEL = 'cnibench.io/mesh';
export const MESH_ROLE_LABEL = 'cnibench.io/mesh-role';
export type MeshRole = 'server' | 'client';
export const MESH_ROLES: readonly MeshRole[] = ['server', 'client'];

export const daemonSetName = (role: MeshRole): string => `cnibench-mesh-${role}`;

/** The selector of a run's mesh pods (both roles). */
export function meshSelector(runId: string): string {
  return `${MANAGED_BY}=cnibench,${RUN_LABEL}=${labelValue(runId)},${MESH_LABEL}=1`;
}

/** What cnibench sends: a DaemonSet with a full pod template (the API types keep only what is read back). */
export interface MeshDaemonSet {
  apiVersion: 'apps/v1';
  kind: 'DaemonSet';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    selector: { matchLabels: Record<string, string> };
    updateStrategy: { type: 'OnDelete' };
    template: { metadata: { labels: Record<string, string> }; spec: NonNullable<Pod['spec']> };
  };
}

/**
 * One DaemonSet per role: a pod of the tools image on each of `nodes` (pinned by a node
 * affinity on the node names, so nodes cnibench would not use get none), running `sleep`.
 */
export function meshDaemonSet(
  role: MeshRole,
  ns: string,
  runId: string,
  nodes: readonly string[],
  settings: KubernetesSettings,
): MeshDaemonSet {
  const labels = { ...runLabels(labelValue(runId)), [MESH_LABEL]: '1', [MESH_ROLE_LABEL]: role };
  const pick = (r: Record<string, string | undefined> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(r ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const [requests, limits] = [pick(settings.requests), pick(settings.limits)];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: daemonSetName(role), namespace: ns, labels },
    spec: {
      selector: { matchLabels: { [RUN_LABEL]: labelValue(runId), [MESH_ROLE_LABEL]: role } },
      updateStrategy: { type: 'OnDelete' },
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/name': 'cnibench-tools' } },
        spec: {
          containers: [
            {
              name: CONTAINER,
              image: settings.image,
              imagePullPolicy: settings.imagePullPolicy,
              command: ['sh', '-c', 'trap "exit 0" TERM; sleep infinity & wait'],
              resources: {
                ...(Object.keys(requests).length > 0 ? { requests } : {}),
                ...(Object.keys(limits).length > 0 ? { limits } : {}),
              },
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 1,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          tolerations: settings.tolerations,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                // one term per node (terms are ORed): a node-name field selector takes one value
                nodeSelectorTerms: nodes.map((n) => ({
                  matchFields: [{ key: 'metadata.name', operator: 'In', values: [n] }],
                })),
              },
            },
          },
        },
      },
    },
  };
}
