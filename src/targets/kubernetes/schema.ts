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
  /**
   * A Multus NetworkAttachmentDefinition as `namespace/name`, copied into the run's namespace
   * and attached to the run's pods as their second interface (`networks: [secondary]`).
   */
  secondaryNetwork: z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
      'write namespace/name of a NetworkAttachmentDefinition, e.g. default/macvlan-conf (kubectl get network-attachment-definitions -A)',
    )
    .optional(),
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
  /** Image with the measurement tools (`--image`; see images/tools/Dockerfile). */
  image: z
    .string()
    .min(1)
    .regex(
      /^[^\s]+$/,
      'write an image reference without spaces, e.g. registry.example.com/cnibench-tools:0.1.0',
    )
    .default('ghcr.io/cnibench/tools:0.1.0'),
  /** `--image-pull-policy`; `Never` for images loaded into the nodes (`kind load`, `minikube image load`). */
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
  /**
   * Pull secrets of a private registry, as `namespace/name`: each is copied into the run's
   * namespace (a new one per run) and named in the pods' `imagePullSecrets`.
   */
  imagePullSecrets: z
    .array(
      z
        .string()
        .regex(
          /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
          'write namespace/name of a Secret of type kubernetes.io/dockerconfigjson',
        ),
    )
    .default([]),
  /**
   * Label the run's namespace `pod-security.kubernetes.io/enforce: privileged`
   * (`--privileged-namespace`), so Pod Security Admission admits the `host` placement's
   * host-network pods. Off by default: without it, a cluster that forbids them skips `host`.
   */
  privilegedNamespace: z.boolean().default(false),
  /**
   * Pick the two nodes in different `topology.kubernetes.io/zone`s (`--cross-zone`); default:
   * two nodes of the same zone when there are. A scenario's `nodes` wins.
   */
  crossZone: z.boolean().default(false),
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
