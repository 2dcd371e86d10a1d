import { loadConfig } from '../../config/load.js';
import type { KubernetesSettings } from '../../config/schema.js';
import type { KubernetesCheck } from './doctor.js';

/** The CLI options `doctor` and `cleanup` take for the Kubernetes target. */
export const KUBERNETES_CLI_OPTIONS = [
  { name: 'context', type: 'string', value: 'NAME', description: 'kubernetes: kubeconfig context' },
  {
    name: 'kubeconfig',
    type: 'string',
    value: 'FILE',
    description: 'kubernetes: kubeconfig file (default: $KUBECONFIG, ~/.kube/config)',
  },
] as const;

interface Out {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function cluster(o: { context?: string | undefined; kubeconfig?: string | undefined }): {
  context?: string;
  kubeconfig?: string;
} {
  return {
    ...(o.context !== undefined ? { context: o.context } : {}),
    ...(o.kubeconfig !== undefined ? { kubeconfig: o.kubeconfig } : {}),
  };
}

/** `cnibench cleanup --target kubernetes`: prints what it removed; 1 if something could not be removed. */
export async function cleanupKubernetesCli(
  o: { context?: string | undefined; kubeconfig?: string | undefined; json: boolean },
  io: Out,
): Promise<number> {
  const { cleanupKubernetes } = await import('./cleanup.js');
  const r = await cleanupKubernetes({ ...cluster(o), log: (m) => io.stderr.write(`${m}\n`) });
  if (o.json) io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  else {
    io.stdout.write(
      `context ${r.context}: removed ${r.namespaces.length} namespace(s)${r.namespaces.length ? `: ${r.namespaces.join(' ')}` : ''}\n`,
    );
    if (r.objects.length) io.stdout.write(`removed ${r.objects.join(', ')}\n`);
    if (r.terminating.length) io.stdout.write(`still terminating: ${r.terminating.join(' ')}\n`);
    for (const f of r.failed) io.stderr.write(`error: ${f.name}: ${f.error}\n`);
  }
  return r.failed.length > 0 ? 1 : 0;
}

/** The checks of `cnibench doctor --target kubernetes`, with the config file's settings when given. */
export async function kubernetesChecks(o: {
  context?: string | undefined;
  kubeconfig?: string | undefined;
  config?: string | undefined;
}): Promise<KubernetesCheck[]> {
  const { doctorKubernetes } = await import('./doctor.js');
  let settings: KubernetesSettings | undefined;
  if (o.config !== undefined) settings = (await loadConfig(o.config)).kubernetes;
  return doctorKubernetes({ ...cluster(o), ...(settings ? { settings } : {}) });
}

/** Checks without which a Kubernetes run cannot work. */
export const ESSENTIAL_KUBERNETES_CHECKS = ['kubeconfig', 'API server', 'permissions', 'nodes'];
