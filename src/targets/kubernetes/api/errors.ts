import { CnibenchError } from '../../../model/errors.js';
import type { Status } from './types.js';

const VERBS: Record<string, string> = {
  GET: 'reading',
  POST: 'creating',
  PUT: 'replacing',
  PATCH: 'patching',
  DELETE: 'deleting',
};

/** What a request was about, parsed from its path: `/api/v1/namespaces/ns/pods/name/exec`. */
export interface RequestSubject {
  namespace?: string;
  resource?: string;
  name?: string;
  subresource?: string;
}

export function requestSubject(path: string): RequestSubject {
  const parts = path
    .split('?')[0]!
    .split('/')
    .filter((p) => p !== '');
  // strip /api/v1 or /apis/group/version
  const rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : parts;
  const out: RequestSubject = {};
  let i = 0;
  if (rest[0] === 'namespaces' && rest.length > 2) {
    out.namespace = rest[1];
    i = 2;
  }
  if (rest[i] !== undefined) out.resource = rest[i];
  if (rest[i + 1] !== undefined) out.name = decodeURIComponent(rest[i + 1]!);
  if (rest[i + 2] !== undefined) out.subresource = rest.slice(i + 2).join('/');
  return out;
}

/** "creating pods in namespace cnibench-x", "reading nodes/node1/proxy/stats/summary". */
export function describeRequest(method: string, path: string): string {
  if (path.includes('watch=')) method = 'WATCH';
  const s = requestSubject(path);
  const verb = method === 'WATCH' ? 'watching' : (VERBS[method] ?? method);
  let what = s.resource ?? path;
  if (s.name !== undefined) what = `${what.replace(/s$/, '')} ${s.name}`;
  if (s.subresource !== undefined) what += ` (${s.subresource})`;
  return s.namespace === undefined ? `${verb} ${what}` : `${verb} ${what} in namespace ${s.namespace}`;
}

function parseStatus(body: string): Status | undefined {
  try {
    const v: unknown = JSON.parse(body);
    if (v !== null && typeof v === 'object' && 'kind' in v && v.kind === 'Status') return v as Status;
  } catch {
    // not JSON
  }
  return undefined;
}

const RBAC_HINT =
  'grant the permissions in deploy/rbac.yaml to this user or service account (see docs/kubernetes.md, "RBAC")';

/** Turns an API server's error response into a CnibenchError that says what was attempted and where. */
export function apiError(
  status: number,
  body: string,
  method: string,
  path: string,
  context: string,
): CnibenchError {
  const st = parseStatus(body);
  const message = (st?.message ?? body.trim().slice(0, 300)) || `HTTP ${status}`;
  const action = describeRequest(method, path);
  const where = `(context ${context})`;
  const details = body.slice(0, 2000);
  switch (status) {
    case 401:
      return new CnibenchError(
        'K8S_FORBIDDEN',
        `the API server rejected the credentials ${where} while ${action}: ${message}`,
        {
          hint: 'log in again or refresh the kubeconfig credentials; check --context/--kubeconfig',
          details,
        },
      );
    case 403:
      return new CnibenchError('K8S_FORBIDDEN', `not allowed: ${action} ${where}: ${message}`, {
        hint: RBAC_HINT,
        details,
      });
    case 404:
      return new CnibenchError('K8S_NOT_FOUND', `not found while ${action} ${where}: ${message}`, {
        hint: 'check the name and namespace; the object may have been deleted by someone else',
        details,
      });
    case 409:
      return new CnibenchError('K8S_CONFLICT', `conflict while ${action} ${where}: ${message}`, {
        hint: 'an earlier run may have left it behind or it is still being deleted: run `cnibench cleanup --target kubernetes` and retry',
        details,
      });
    case 410:
      return new CnibenchError(
        'K8S_GONE',
        `the resource version expired while ${action} ${where}: ${message}`,
        {
          hint: 'this is retried automatically; if it persists the API server is compacting very fast',
          details,
        },
      );
    case 422:
      return new CnibenchError(
        'K8S_API',
        `the API server refused the object while ${action} ${where}: ${message}`,
        {
          hint: 'check the kubernetes settings in the config file (image, tolerations, requests)',
          details,
        },
      );
    default:
      return new CnibenchError('K8S_API', `API server error ${status} while ${action} ${where}: ${message}`, {
        hint:
          status >= 500 || status === 429
            ? 'the API server is overloaded or failing; retry later and check its health (`cnibench doctor --target kubernetes`)'
            : 'see the details; this request may need a newer or older Kubernetes version',
        details,
      });
  }
}

/** A failure to talk to the API server at all: refused, reset, TLS, timeout. */
export function transportError(
  err: unknown,
  method: string,
  path: string,
  server: string,
  context: string,
): CnibenchError {
  const e = err as NodeJS.ErrnoException;
  const what = e.code ?? e.name ?? 'error';
  const timedOut = what === 'ETIMEDOUT' || what === 'TimeoutError' || what === 'ABORT_ERR_TIMEOUT';
  const reason = timedOut ? 'no answer in time' : `${what}: ${e.message ?? String(err)}`;
  return new CnibenchError(
    'K8S_UNREACHABLE',
    `cannot reach the API server ${server} (context ${context}) while ${describeRequest(method, path)}: ${reason}`,
    {
      hint: 'check that the cluster is up and that --context/--kubeconfig point at it (`cnibench doctor --target kubernetes`)',
      cause: err,
    },
  );
}

/** True for failures worth retrying with backoff (the other side may just be slow or restarting). */
export function isRetryable(e: CnibenchError): boolean {
  if (e.code === 'K8S_UNREACHABLE') return true;
  if (e.code !== 'K8S_API') return false;
  return /error (429|5\d\d) /.test(e.message);
}
