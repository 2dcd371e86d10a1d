// The only entry to the Kubernetes API: nothing outside this folder imports @kubernetes/client-node.
export {
  KubeApi,
  type ConnectOptions,
  type ExecRequest,
  type RequestOptions,
  type WatchEnd,
} from './client.js';
export type { ExecStream } from './exec.js';
export type { ShellConnection } from './shell.js';
export { apiError, describeRequest, isRetryable, requestSubject } from './errors.js';
export type * from './types.js';
