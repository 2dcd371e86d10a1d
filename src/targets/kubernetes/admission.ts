import { CnibenchError } from '../../model/errors.js';
import type { Status } from './api/index.js';

/**
 * Phrases of an admission refusal: Pod Security Admission ("violates PodSecurity"), a
 * PodSecurityPolicy ("unable to validate against any pod security policy"), and validating
 * webhooks such as Kyverno or Gatekeeper ('admission webhook "..." denied the request').
 */
const ADMISSION =
  /violates PodSecurity|pod security polic|admission webhook|denied the request|hostNetwork|host namespaces/i;

function statusOf(e: CnibenchError): Status | undefined {
  try {
    const v: unknown = JSON.parse(e.details ?? '');
    return v !== null && typeof v === 'object' ? (v as Status) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The API server's message when admission refused to create a pod (status 400, 403 or 422 with
 * one of the phrases above), or undefined for any other failure (RBAC, a bad spec, an outage).
 */
export function admissionDenial(e: unknown): string | undefined {
  if (!(e instanceof CnibenchError) || (e.code !== 'K8S_FORBIDDEN' && e.code !== 'K8S_API')) return undefined;
  const st = statusOf(e);
  const code = st?.code ?? 0;
  const message = st?.message ?? '';
  if (![400, 403, 422].includes(code) || !ADMISSION.test(message)) return undefined;
  return message;
}

/** What to do when the `host` placement's pods are refused. */
export const HOST_DENIED_HINT =
  'the cluster forbids host-network pods in the run\u2019s namespace: pass --privileged-namespace (sets pod-security.kubernetes.io/enforce=privileged on it) if your policy allows that, or ask for an exception for namespaces labelled app.kubernetes.io/managed-by=cnibench';
