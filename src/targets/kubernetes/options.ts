import type { KubernetesSettings } from './schema.js';
import type { Runner } from '../../exec/runner.js';
import type { ToolNeed } from '../provider.js';
import type { ConnectOptions, KubeApi } from './api/index.js';

/** What the engine passes to the Kubernetes target. */
export interface KubernetesTargetOptions {
  /** The run's id; the namespace is `<namespacePrefix>-<runId>`. */
  runId: string;
  /** The config file's `kubernetes` settings (defaults applied). */
  settings: KubernetesSettings;
  /** Progress notes for stderr. */
  log: (msg: string) => void;
  /** Runs scenario `setup` commands. */
  runner: Runner;
  /** `--kubeconfig`; a scenario's own `kubeconfig` wins. Default: KUBECONFIG, ~/.kube/config, in-cluster. */
  kubeconfig?: string;
  /** `--context`; a scenario's own `context` wins. Default: the kubeconfig's current context. */
  context?: string;
  /** `--nodes a,b`: wins over a scenario's `nodes`. */
  nodes?: string[];
  /** Programs the planned measurements run, checked in the pods before any measurement. */
  tools?: readonly ToolNeed[];
  /** Test seam: how to build the API client. */
  connect?: (o: ConnectOptions) => KubeApi;
}

/** Options of `cleanupKubernetes` and `doctorKubernetes`. */
export interface KubernetesClusterOptions {
  kubeconfig?: string;
  context?: string;
  log?: (msg: string) => void;
  signal?: AbortSignal;
  /** Only this run's leftovers; default: every run's. */
  runId?: string;
  /** For doctor: the settings whose image, tolerations and namespace prefix to check. */
  settings?: KubernetesSettings;
  /** For doctor: nodes named with --nodes. */
  nodes?: string[];
  /** For doctor: the programs of every measurement, to check in the image. */
  tools?: readonly ToolNeed[];
  /** Test seam: how to build the API client. */
  connect?: (o: ConnectOptions) => KubeApi;
}
