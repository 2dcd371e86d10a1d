import { defineProvider } from '../define-provider.js';
import { KubernetesScenario, KubernetesSettings } from './schema.js';

const cluster = (s: KubernetesSettings): { kubeconfig?: string; context?: string } => ({
  ...(s.kubeconfig !== undefined ? { kubeconfig: s.kubeconfig } : {}),
  ...(s.context !== undefined ? { context: s.context } : {}),
});

/** The Kubernetes target (SPEC 8): a real cluster through a kubeconfig context. */
export const kubernetesProvider = defineProvider({
  kind: 'kubernetes',
  summary: 'a real cluster through a kubeconfig context (@kubernetes/client-node; no kubectl needed)',
  scenario: KubernetesScenario,
  settings: KubernetesSettings,
  flags: [
    {
      name: 'context',
      type: 'string',
      value: 'NAME',
      description: 'kubernetes: kubeconfig context (default: the current context)',
      to: { settings: 'context' },
      commands: ['run', 'doctor', 'cleanup'],
    },
    {
      name: 'kubeconfig',
      type: 'string',
      value: 'FILE',
      description: 'kubernetes: kubeconfig file (default: $KUBECONFIG, ~/.kube/config)',
      to: { settings: 'kubeconfig' },
      commands: ['run', 'doctor', 'cleanup'],
    },
    {
      name: 'image',
      type: 'string',
      value: 'IMAGE',
      description: 'kubernetes: the tools image the pods run (built from images/tools/Dockerfile)',
      to: { settings: 'image' },
      commands: ['run', 'doctor'],
    },
    {
      name: 'image-pull-policy',
      type: 'string',
      value: 'POLICY',
      description: 'kubernetes: Never for an image loaded into the nodes (kind load, minikube image load)',
      choices: ['Always', 'IfNotPresent', 'Never'],
      to: { settings: 'imagePullPolicy' },
      commands: ['run', 'doctor'],
    },
    {
      name: 'privileged-namespace',
      type: 'boolean',
      description:
        "kubernetes: label the run's namespace with the privileged Pod Security level, so that the host placement's host-network pods are admitted",
      to: { settings: 'privilegedNamespace' },
      commands: ['run', 'doctor'],
    },
    {
      name: 'nodes',
      type: 'string',
      value: 'A,B',
      description: 'kubernetes: the two nodes to use',
      to: { scenario: 'nodes' },
      list: true,
      commands: ['run'],
    },
    {
      name: 'cross-zone',
      type: 'boolean',
      description: 'kubernetes: pick two nodes in different topology.kubernetes.io/zone zones',
      to: { settings: 'crossZone' },
      commands: ['run', 'doctor'],
    },
  ],
  // measured on the test cluster (2 cores): pods Ready and exec agents up, namespace deletion
  // started; a path's connectivity check and MTUs; a repetition's server, client and probes
  overheads: { scenarioS: 9, pathS: 1, repetitionS: 0.2 },
  // Without a config file, cnibench measures the current (or --context) context.
  defaultScenarios: (s) => [
    {
      name: s.context ?? 'current-context',
      target: 'kubernetes' as const,
      waitFor: [],
      waitTimeout: 300,
      ...(s.context !== undefined ? { context: s.context } : {}),
    },
  ],
  async create(settings, ctx) {
    const { KubernetesTarget } = await import('./kubernetes-target.js');
    return new KubernetesTarget({
      runId: ctx.runId,
      settings,
      log: ctx.log,
      runner: ctx.runner,
      ...(ctx.tools !== undefined ? { tools: ctx.tools } : {}),
      ...cluster(settings),
    });
  },
  async doctor(settings, ctx) {
    const { doctorKubernetes, ESSENTIAL_KUBERNETES_CHECKS } = await import('./doctor.js');
    const checks = await doctorKubernetes({
      ...cluster(settings),
      settings,
      signal: ctx.signal,
      ...(ctx.tools !== undefined ? { tools: ctx.tools } : {}),
    });
    return { checks, essential: ESSENTIAL_KUBERNETES_CHECKS };
  },
  async cleanup(settings, ctx) {
    const { cleanupKubernetes } = await import('./cleanup.js');
    const r = await cleanupKubernetes({ ...cluster(settings), log: ctx.log, signal: ctx.signal });
    return {
      removed: [
        ...r.namespaces.map(
          (n) => `namespace ${n}${r.terminating.includes(n) ? ' (still terminating)' : ''}`,
        ),
        ...r.objects,
      ],
      kept: [],
      errors: r.failed.map((f) => `${f.name}: ${f.error}`),
    };
  },
});
