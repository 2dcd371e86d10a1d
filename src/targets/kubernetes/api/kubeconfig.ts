import { KubeConfig } from '@kubernetes/client-node';
import { CnibenchError } from '../../../model/errors.js';
import type { ConnectOptions } from './options.js';

/** Loads the kubeconfig as kubectl does and selects the context; every problem is a K8S_CONFIG error. */
export function loadConfig(opts: ConnectOptions): KubeConfig {
  const kc = new KubeConfig();
  const source = opts.kubeconfig ?? process.env['KUBECONFIG'] ?? '~/.kube/config or in-cluster';
  try {
    if (opts.kubeconfig !== undefined) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new CnibenchError('K8S_CONFIG', `cannot load kubeconfig ${source}: ${(e as Error).message}`, {
      hint: 'pass --kubeconfig FILE or set KUBECONFIG, as for kubectl',
    });
  }
  if (opts.context !== undefined) {
    if (kc.getContextObject(opts.context) === null) {
      const known = kc.getContexts().map((c) => c.name);
      throw new CnibenchError('K8S_CONFIG', `kubeconfig ${source} has no context "${opts.context}"`, {
        hint: `use one of: ${known.join(', ') || '(none)'}`,
      });
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (
    cluster === null ||
    (kc.getCurrentContext() === 'loaded-context' && cluster.server === 'http://localhost:8080')
  ) {
    throw new CnibenchError('K8S_CONFIG', `no Kubernetes cluster configured (looked at ${source})`, {
      hint: 'pass --kubeconfig FILE or --context NAME, set KUBECONFIG, or run inside a pod with a service account',
    });
  }
  return kc;
}
