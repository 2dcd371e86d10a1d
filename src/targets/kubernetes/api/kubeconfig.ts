import { KubeConfig, type User } from '@kubernetes/client-node';
import { CnibenchError } from '../../../model/errors.js';
import { registerSecret } from '../../../model/redact.js';
import type { ConnectOptions } from './options.js';

/** Loads the kubeconfig as kubectl does and selects the context; every problem is a K8S_CONFIG error. */
export function loadConfig(opts: ConnectOptions): KubeConfig {
  const kc = new KubeConfig();
  const source = opts.kubeconfig ?? process.env['KUBECONFIG'] ?? '~/.kube/config or in-cluster';
  try {
    if (opts.kubeconfig !== undefined) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    // The parser's message quotes the lines around the mistake (tokens, passwords): only its first line is kept.
    const reason = String((e as Error).message).split('\n')[0];
    throw new CnibenchError('K8S_CONFIG', `cannot load kubeconfig ${source}: ${reason}`, {
      hint: 'pass --kubeconfig FILE or set KUBECONFIG, as for kubectl',
    });
  }
  for (const u of kc.getUsers()) registerUserSecrets(u);
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

/** Keys of exec plugin environment variables and auth-provider settings whose values are credentials. */
const SECRET_NAME = /token|passw(?:or)?d|secret|key|credential|session/i;

/** Registers every credential of a kubeconfig user, so that no message or file ever shows one. */
export function registerUserSecrets(u: User): void {
  registerSecret(u.token);
  registerSecret(u.password);
  registerSecret(u.keyData);
  const provider: unknown = (u.authProvider as { config?: unknown } | undefined)?.config;
  if (provider !== null && typeof provider === 'object') {
    for (const [k, v] of Object.entries(provider))
      if (SECRET_NAME.test(k) && typeof v === 'string') registerSecret(v);
  }
  const exec = u.exec as { env?: unknown; args?: unknown } | undefined;
  if (Array.isArray(exec?.env)) {
    for (const e of exec.env as { name?: unknown; value?: unknown }[])
      if (typeof e.name === 'string' && SECRET_NAME.test(e.name) && typeof e.value === 'string')
        registerSecret(e.value);
  }
  if (Array.isArray(exec?.args)) {
    const args = (exec.args as unknown[]).map(String);
    args.forEach((a, i) => {
      const flag = /^--?([A-Za-z0-9_-]+)(?:=(.*))?$/.exec(a);
      if (flag === null || !SECRET_NAME.test(flag[1]!)) return;
      registerSecret(flag[2] ?? args[i + 1]);
    });
  }
}

/** Registers the credentials a request was given (an exec plugin's token, a client key), once known. */
export function registerRequestSecrets(options: { headers?: unknown; key?: unknown }): void {
  const auth = (options.headers as Record<string, unknown> | undefined)?.['Authorization'];
  if (typeof auth === 'string') registerSecret(auth.replace(/^\w+\s+/, ''));
  if (typeof options.key === 'string') registerSecret(options.key);
  else if (Buffer.isBuffer(options.key)) registerSecret(options.key.toString('utf8'));
}
