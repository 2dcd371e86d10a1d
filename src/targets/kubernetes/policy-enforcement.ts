import { randomBytes } from 'node:crypto';
import { describeExit, tail } from '../../exec/runner.js';
import type { Support } from '../../model/capabilities.js';
import { CnibenchError } from '../../model/errors.js';
import type { Endpoint, PolicyRequest, PreparedPath, ProgrammedPolicies } from '../target.js';
import type { KubeApi } from './api/index.js';
import { CHECK_PORT, POD_ROLES, type PodRole } from './manifests.js';
import type { PodRunner } from './pod-checks.js';
import {
  createPolicies,
  createPolicy,
  deletePolicies,
  deletePolicy,
  denyAllPolicy,
  policySet,
} from './policy-objects.js';

/** How long a deny-all policy may take to block a connection before the CNI is said not to enforce it. */
export const PROBE_S = 15;
/** How long a removed policy may take to let connections through again. */
const REOPEN_S = 60;

/** What the NetworkPolicy checks and set-ups need from the scenario. */
export interface PolicyScene {
  api: KubeApi;
  ns: string;
  pods: PodRunner;
  /** The run's pods, to find one the policies do not allow (to see them take effect). */
  endpoints: ReadonlyMap<PodRole, Endpoint>;
  /** The CNI found on the cluster, for messages ("unknown" when none was recognised). */
  cni: string;
}

const isPodRole = (id: string): id is PodRole => Object.hasOwn(POD_ROLES, id);

/** Why a path has no server pod that NetworkPolicy could select, or undefined when it has. */
function noServerPod(path: PreparedPath): string | undefined {
  const id = path.server.id;
  if (isPodRole(id) && !POD_ROLES[id].host) return undefined;
  return `NetworkPolicy selects pods, and the ${path.placement} placement's server is not a pod network pod`;
}

/**
 * Until connections from `from` to address:port are `want` (open: one succeeds; blocked: one
 * fails) or `withinS` passes, trying every 0.2 s in the pod: the milliseconds it took, or
 * undefined when it never happened.
 */
export async function waitConnection(
  pods: PodRunner,
  from: Endpoint,
  address: string,
  want: 'open' | 'blocked',
  withinS: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const script = [
    'start=$(date +%s%N); end=$(($(date +%s) + $3))',
    'while :; do',
    '  if nc -z -w 1 "$0" "$1" 2>/dev/null; then s=open; else s=blocked; fi',
    '  if [ "$s" = "$2" ]; then echo "reached $(( ($(date +%s%N) - start) / 1000000 ))"; exit 0; fi',
    '  if [ "$(date +%s)" -ge "$end" ]; then echo "still $s"; exit 0; fi',
    '  sleep 0.2',
    'done',
  ].join('\n');
  const argv = ['sh', '-c', script, address, String(CHECK_PORT), want, String(withinS)];
  const r = await pods.exec(from, argv, { timeoutMs: (withinS + 10) * 1000, signal });
  return parseWait(r.stdout, () => `${describeExit(r)}: ${tail(`${r.stdout}\n${r.stderr}`)}`);
}

/** The connection loop's answer: `reached MS` or `still STATE`. Exported for tests. */
export function parseWait(stdout: string, why: () => string): number | undefined {
  const reached = /^reached (\d+)$/m.exec(stdout);
  if (reached !== null) return Number(reached[1]);
  if (/^still (open|blocked)$/m.test(stdout)) return undefined;
  throw new CnibenchError(
    'TOOL_OUTPUT_INVALID',
    `the connection check in the pod gave no answer (${why()})`,
    {
      hint: 'the tools image needs sh, date (coreutils) and nc (netcat-openbsd); see images/tools/Dockerfile',
    },
  );
}

/** Runs `body` while the server pod listens on the check port. */
async function withListener<T>(
  s: PolicyScene,
  path: PreparedPath,
  signal: AbortSignal,
  body: () => Promise<T>,
): Promise<T> {
  const srv = await s.pods.startServer(path.server, ['nc', '-lk', String(CHECK_PORT)], {
    readyTimeoutMs: 300,
    signal,
  });
  try {
    return await body();
  } finally {
    await srv.stop().catch(() => undefined);
  }
}

function notEnforced(s: PolicyScene, path: PreparedPath): string {
  const cni = s.cni === 'unknown' ? 'the cluster’s CNI' : `the cluster’s CNI (${s.cni})`;
  return (
    `policies not enforced: a deny-all NetworkPolicy on pod ${path.server.id} left pod ${path.client.id} ` +
    `connecting to it for ${PROBE_S} s, so ${cni} does not enforce NetworkPolicy (Flannel and the plain bridge ` +
    'plugin do not). Policy cost is not measured here, where it would read as free; run it on a CNI that enforces ' +
    'policies (Calico, Cilium, Antrea, Canal)'
  );
}

/**
 * The enforcement probe: with the server pod listening, a deny-all ingress policy on it must
 * block the client's connections within PROBE_S; then it is removed and they must pass again.
 */
export async function probeEnforcement(
  s: PolicyScene,
  path: PreparedPath,
  signal: AbortSignal,
): Promise<Support> {
  const noPod = noServerPod(path);
  if (noPod !== undefined) return { reason: noPod };
  const deny = denyAllPolicy(path.server.id);
  return withListener(s, path, signal, async () => {
    const to = path.serverAddress;
    if ((await waitConnection(s.pods, path.client, to, 'open', 10, signal)) === undefined)
      return {
        reason: `the enforcement probe could not connect from ${path.client.id} to ${to} before any policy`,
      };
    try {
      await createPolicy(s.api, s.ns, deny, signal);
    } catch (e) {
      if (e instanceof CnibenchError && e.code === 'K8S_FORBIDDEN')
        return { reason: `cnibench may not create NetworkPolicy objects in namespace ${s.ns}: ${e.message}` };
      throw e;
    }
    let blockedMs: number | undefined;
    try {
      blockedMs = await waitConnection(s.pods, path.client, to, 'blocked', PROBE_S, signal);
    } finally {
      await deletePolicy(s.api, s.ns, deny.metadata.name!);
    }
    if (blockedMs === undefined) return { reason: notEnforced(s, path) };
    if ((await waitConnection(s.pods, path.client, to, 'open', REOPEN_S, signal)) === undefined)
      return {
        reason: `after the deny-all probe policy was removed, ${path.client.id} stayed blocked for ${REOPEN_S} s: ${s.cni} did not lift it`,
      };
    return true;
  });
}

/** A pod of the run the policies do not allow: the other pod-network client. */
function deniedPeer(s: PolicyScene, path: PreparedPath): Endpoint | undefined {
  for (const [role, ep] of s.endpoints) {
    if (POD_ROLES[role].host || ep.id === path.client.id || ep.id === path.server.id) continue;
    return ep;
  }
  return undefined;
}

/**
 * Applies `count` NetworkPolicies to the server pod (the client allowed by the last, on the
 * measured port and the check port) and waits until the CNI enforces them: a pod they do not
 * allow is blocked, then the client passes. Removing them waits until that pod passes again.
 */
export async function applyPolicies(
  s: PolicyScene,
  path: PreparedPath,
  request: PolicyRequest,
  signal: AbortSignal,
): Promise<ProgrammedPolicies> {
  const mode = `NetworkPolicy objects (${s.cni})`;
  const noPod = noServerPod(path);
  if (request.mode !== 'cni' || noPod !== undefined)
    throw new CnibenchError(
      'USAGE',
      noPod ?? `on Kubernetes, policies are NetworkPolicy objects: mode cni, not ${request.mode}`,
    );
  if (request.count === 0) return { rules: 0, mode, remove: () => Promise.resolve() };
  const setId = randomBytes(4).toString('hex');
  const policies = policySet(setId, path.server.id, path.client.id, request.count, [
    request.port,
    CHECK_PORT,
  ]);
  const started = performance.now();
  try {
    await createPolicies(s.api, s.ns, policies, signal);
    const settled = await waitEnforced(s, path, request.count, signal);
    const createdMs = Math.round(performance.now() - started);
    return {
      rules: request.count,
      mode,
      notes: [`${request.count} NetworkPolicies created and enforced in ${createdMs} ms (${settled})`],
      remove: () => removePolicies(s, path, setId, signal),
    };
  } catch (e) {
    await deletePolicies(s.api, s.ns, setId).catch(() => undefined);
    throw e;
  }
}

async function waitEnforced(
  s: PolicyScene,
  path: PreparedPath,
  count: number,
  signal: AbortSignal,
): Promise<string> {
  const withinS = Math.ceil(30 + count / 20);
  const peer = deniedPeer(s, path);
  return withListener(s, path, signal, async () => {
    if (peer !== undefined) {
      const blocked = await waitConnection(s.pods, peer, path.serverAddress, 'blocked', withinS, signal);
      if (blocked === undefined)
        throw new CnibenchError(
          'K8S_WAIT_EXPIRED',
          `${count} NetworkPolicies on pod ${path.server.id} did not block pod ${peer.id} within ${withinS} s`,
          { hint: `the CNI (${s.cni}) applies policies slowly or not at all; look at its agent's logs` },
        );
    }
    const open = await waitConnection(s.pods, path.client, path.serverAddress, 'open', withinS, signal);
    if (open === undefined)
      throw new CnibenchError(
        'K8S_WAIT_EXPIRED',
        `the last of ${count} NetworkPolicies did not let pod ${path.client.id} reach pod ${path.server.id} within ${withinS} s`,
        { hint: `the CNI (${s.cni}) applies policies slowly or not at all; look at its agent's logs` },
      );
    return peer === undefined
      ? `client allowed; no other pod to see the rest take effect`
      : `pod ${peer.id} blocked, client allowed`;
  });
}

async function removePolicies(
  s: PolicyScene,
  path: PreparedPath,
  setId: string,
  signal: AbortSignal,
): Promise<void> {
  await deletePolicies(s.api, s.ns, setId);
  const peer = deniedPeer(s, path);
  if (peer === undefined || signal.aborted) return;
  const reopened = await withListener(s, path, signal, () =>
    waitConnection(s.pods, peer, path.serverAddress, 'open', REOPEN_S, signal),
  );
  if (reopened === undefined)
    throw new CnibenchError(
      'K8S_WAIT_EXPIRED',
      `pod ${path.server.id} still refused pod ${peer.id} ${REOPEN_S} s after its NetworkPolicies were removed`,
      { hint: `the CNI (${s.cni}) did not remove the policies' rules; look at its agent's logs` },
    );
}
