import { z } from 'zod';
import { durationField, nameField } from '../../model/fields.js';

/** A Kubernetes scenario (SPEC 2, 8): a kube context, with an optional setup command. */
export const KubernetesScenario = z.strictObject({
  name: nameField,
  target: z.literal('kubernetes'),
  /** kubeconfig context; default: `kubernetes.context`, else the current context. */
  context: z.string().optional(),
  kubeconfig: z.string().optional(),
  /** Shell command run before the scenario, e.g. `helm upgrade cilium ...`. */
  setup: z.string().optional(),
  /** DaemonSets (namespace/name) whose rollout to wait for after setup. */
  waitFor: z.array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'write namespace/name')).default([]),
  /** How long setup and rollouts may take, in seconds (or `5m`). */
  waitTimeout: durationField({ positive: true }).default(300),
  /** Two node names to use; default: two schedulable Linux workers. */
  nodes: z.array(z.string().min(1)).length(2).optional(),
});
export type KubernetesScenario = z.infer<typeof KubernetesScenario>;

const quantity = z
  .string()
  .regex(/^\d+(\.\d+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/, 'write a Kubernetes quantity like 100m or 64Mi');

/** The config file's `kubernetes:` section (SPEC 8): cluster, images, scheduling, resources, names. */
export const KubernetesSettings = z.strictObject({
  /** kubeconfig file (`--kubeconfig`); default: $KUBECONFIG, ~/.kube/config, in-cluster. */
  kubeconfig: z.string().optional(),
  /** kubeconfig context (`--context`) for scenarios that name none; default: the current context. */
  context: z.string().optional(),
  /** Image with the measurement tools (see images/tools/Dockerfile). */
  image: z.string().min(1).default('ghcr.io/cnibench/tools:0.1.0'),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
  /** The run's namespace is `<prefix>-<run id>`. */
  namespacePrefix: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, 'use lower-case letters, digits and "-" (at most 32)')
    .default('cnibench'),
  tolerations: z
    .array(
      z.strictObject({
        key: z.string().optional(),
        operator: z.enum(['Exists', 'Equal']).optional(),
        value: z.string().optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
      }),
    )
    .default([]),
  requests: z
    .strictObject({ cpu: quantity.optional(), memory: quantity.optional() })
    .default({ cpu: '100m', memory: '64Mi' }),
  limits: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
  /** How long to wait for the run's pods to become Ready, in seconds (or `3m`). */
  podReadyTimeout: durationField({ positive: true }).default(180),
  /** Ports the `service` placement's ClusterIP exposes (TCP and UDP each): `first` and the next `count - 1`. */
  servicePorts: z
    .strictObject({ first: z.number().int().min(1).max(65000), count: z.number().int().min(1).max(100) })
    .default({ first: 5201, count: 20 }),
});
export type KubernetesSettings = z.infer<typeof KubernetesSettings>;
