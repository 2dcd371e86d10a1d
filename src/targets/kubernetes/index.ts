import type { Target } from '../target.js';
import { KubernetesTarget } from './kubernetes-target.js';
import type { KubernetesTargetOptions } from './options.js';

export { cleanupKubernetes, type KubernetesCleanupReport } from './cleanup.js';
export { doctorKubernetes, type KubernetesCheck } from './doctor.js';
export type { KubernetesClusterOptions, KubernetesTargetOptions } from './options.js';
export { KubernetesTarget } from './kubernetes-target.js';

/** The Kubernetes target (SPEC 8). Nothing touches the cluster until `openScenario`. */
export function createKubernetesTarget(opts: KubernetesTargetOptions): Target {
  return new KubernetesTarget(opts);
}
