import { CnibenchError } from '../../model/errors.js';
import {
  isRetryable,
  type ContainerStatus,
  type KubeApi,
  type List,
  type Pod,
  type WatchEvent,
} from './api/index.js';

/** Where a pod stands on its way to Ready, in words a user can act on. */
export interface PodState {
  ready: boolean;
  /** e.g. "ImagePullBackOff: image x: Back-off pulling image". */
  reason: string;
  /** True when waiting longer cannot help. */
  fatal: boolean;
  kind: 'ready' | 'image' | 'unschedulable' | 'crash' | 'ended' | 'pending';
}

const FATAL_WAITING = new Set([
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
]);
const IMAGE_WAITING = new Set(['ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName']);
/** Pull errors that no retry fixes: the image or tag does not exist, access is denied, no such registry. */
const HOPELESS_PULL =
  /not found|manifest unknown|name unknown|pull access denied|unauthorized|authentication required|repository does not exist|no such host|denied|forbidden|invalid reference/i;
/** A container the runtime could not start: the command is not in the image. */
const NOT_STARTABLE = /executable file not found|no such file or directory|exec format error/i;

/** A container's trouble, or undefined while it is fine or just being created. */
function containerState(cs: ContainerStatus): PodState | undefined {
  const w = cs.state?.waiting;
  const last = cs.state?.terminated ?? cs.lastState?.terminated;
  if (w?.reason !== undefined && IMAGE_WAITING.has(w.reason)) {
    const hopeless = w.reason === 'ErrImagePull' && HOPELESS_PULL.test(w.message ?? '');
    return {
      ready: false,
      fatal: FATAL_WAITING.has(w.reason) || hopeless,
      kind: 'image',
      reason: `${w.reason}: image ${cs.image ?? '?'}${w.message ? `: ${w.message}` : ''}`,
    };
  }
  if (last !== undefined && NOT_STARTABLE.test(last.message ?? '')) {
    return {
      ready: false,
      fatal: true,
      kind: 'crash',
      reason: `container ${cs.name} cannot start: ${last.reason ?? 'error'}: ${(last.message ?? '').trim()}`,
    };
  }
  if (w?.reason === undefined) return undefined;
  if (w.reason === 'CrashLoopBackOff') {
    const why = last
      ? `; last exit code ${last.exitCode ?? '?'}${last.reason ? ` (${last.reason})` : ''}${last.message ? `: ${last.message.trim()}` : ''}`
      : '';
    return {
      ready: false,
      fatal: cs.restartCount >= 2,
      kind: 'crash',
      reason: `CrashLoopBackOff: container ${cs.name} restarted ${cs.restartCount} times${why}`,
    };
  }
  if (FATAL_WAITING.has(w.reason))
    return {
      ready: false,
      fatal: true,
      kind: 'crash',
      reason: `${w.reason}${w.message ? `: ${w.message}` : ''}`,
    };
  if (w.reason !== 'ContainerCreating')
    return { ready: false, fatal: false, kind: 'pending', reason: w.reason };
  return undefined;
}

export function podState(pod: Pod): PodState {
  const st = pod.status;
  if (st?.phase === 'Failed' || st?.phase === 'Succeeded') {
    return {
      ready: false,
      fatal: true,
      kind: 'ended',
      reason: `ended (phase ${st.phase}${st.reason ? `: ${st.reason}` : ''}${st.message ? `: ${st.message}` : ''})`,
    };
  }
  const sched = st?.conditions?.find((c) => c.type === 'PodScheduled');
  if (sched?.status === 'False') {
    return {
      ready: false,
      fatal: false,
      kind: 'unschedulable',
      reason: `${sched.reason ?? 'Unschedulable'}: ${sched.message ?? 'no node fits'}`,
    };
  }
  for (const cs of st?.containerStatuses ?? []) {
    const c = containerState(cs);
    if (c !== undefined) return c;
  }
  const ready = st?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return { ready: true, fatal: false, kind: 'ready', reason: 'Ready' };
  if (sched === undefined)
    return { ready: false, fatal: false, kind: 'pending', reason: 'Pending: not scheduled yet' };
  return {
    ready: false,
    fatal: false,
    kind: 'pending',
    reason: `${st?.phase ?? 'Pending'}: ${ready?.reason ?? 'containers starting'}`,
  };
}

/** What to do about a pod stuck in each state. */
export const POD_HINTS: Record<PodState['kind'], string> = {
  image:
    'check `kubernetes.image` and `kubernetes.imagePullPolicy` in the config file: the nodes must be able to pull the image (or have it preloaded, with imagePullPolicy: Never)',
  unschedulable:
    'the scheduler found no room: free resources on the nodes, lower `kubernetes.requests`, add `kubernetes.tolerations`, or choose other nodes with --nodes',
  crash:
    'the tools container cannot run: cnibench starts it with `sh -c` and `sleep infinity`, so the image needs sh, sleep and the measurement programs: use the image built from images/tools/Dockerfile',
  ended: 'the pod stopped; look at its events (`kubectl describe pod`) while the namespace still exists',
  pending:
    'the pods are slow to start: raise `kubernetes.podReadyTimeout` or check the nodes (kubelet, CNI plugin)',
  ready: '',
};

function describe(
  pods: Map<string, Pod>,
  names: readonly string[],
  onlyBad: boolean,
  pullErrors: ReadonlyMap<string, string> = new Map(),
): { text: string; kind: PodState['kind'] } {
  let kind: PodState['kind'] = 'pending';
  // pods in the same state are named together: "srv-a, cli-b: ImagePullBackOff ..."
  const byReason = new Map<string, string[]>();
  for (const n of names) {
    const p = pods.get(n);
    const s = p === undefined ? undefined : podState(p);
    if (s?.ready === true && onlyBad) continue;
    if (s !== undefined && s.kind !== 'pending' && kind === 'pending') kind = s.kind;
    const pull = pullErrors.get(n);
    const why = s?.reason.startsWith('ImagePullBackOff') && pull !== undefined ? ` (last pull: ${pull})` : '';
    const text = `${s?.reason ?? 'not seen yet'}${why}`;
    byReason.set(text, [...(byReason.get(text) ?? []), n]);
  }
  const parts = [...byReason].map(([text, pods]) => `${pods.join(', ')}: ${text}`);
  return { text: parts.join('; '), kind };
}

/**
 * Waits until the named pods are Ready: one list, then a watch from its resource version
 * (re-listing after 410 Gone or a dropped watch). Fails early when waiting cannot help.
 */
export async function waitForPods(
  api: KubeApi,
  ns: string,
  names: readonly string[],
  selector: string,
  timeoutMs: number,
  signal: AbortSignal,
  hints: Partial<Record<PodState['kind'], string>> = {},
  /** Any failed pull ends the wait (`doctor` reports it at once instead of waiting for retries). */
  pullFailFast = false,
): Promise<Map<string, Pod>> {
  const deadline = Date.now() + timeoutMs;
  const pods = new Map<string, Pod>();
  // ImagePullBackOff only says "Back-off pulling image"; the pull's own error came just before
  const pullErrors = new Map<string, string>();
  const seen = (p: Pod): void => {
    const w = p.status?.containerStatuses?.find((c) => c.state?.waiting?.reason === 'ErrImagePull');
    const m = w?.state?.waiting?.message;
    if (m !== undefined) pullErrors.set(p.metadata.name ?? '', m);
  };
  const check = (): 'ready' | 'fatal' | 'wait' => {
    for (const p of pods.values()) seen(p);
    const states = names.map((n) => pods.get(n)).map((p) => (p === undefined ? undefined : podState(p)));
    if (states.some((s) => s?.fatal === true || (pullFailFast && s?.kind === 'image'))) return 'fatal';
    return states.every((s) => s?.ready === true) ? 'ready' : 'wait';
  };
  const base = `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(selector)}`;
  let outcome: 'ready' | 'fatal' | 'wait' = 'wait';
  let lastError: string | undefined;
  while (Date.now() < deadline && !signal.aborted) {
    const started = Date.now();
    try {
      const list = await api.get<List<Pod>>(base, { signal });
      pods.clear();
      for (const p of list.items) pods.set(p.metadata.name ?? '', p);
      outcome = check();
      if (outcome !== 'wait') break;
      const remaining = deadline - Date.now();
      const secs = Math.max(1, Math.ceil(remaining / 1000));
      const rv = encodeURIComponent(list.metadata?.resourceVersion ?? '');
      await api.watch<Pod>(
        `${base}&watch=1&resourceVersion=${rv}&timeoutSeconds=${secs}`,
        { timeoutMs: remaining, signal },
        (ev: WatchEvent<Pod>) => {
          const p = ev.object as Pod;
          const name = p.metadata?.name;
          if (name === undefined || ev.type === 'BOOKMARK') return false;
          if (ev.type === 'DELETED') pods.delete(name);
          else pods.set(name, p);
          outcome = check();
          return outcome !== 'wait';
        },
      );
      if (outcome !== 'wait') break;
    } catch (e) {
      if (!(e instanceof CnibenchError) || (e.code !== 'K8S_GONE' && !isRetryable(e))) throw e;
      // expired resource version, a dropped watch or a failing API server: list again
      lastError = e.code === 'K8S_GONE' ? lastError : e.message;
    }
    if (Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 1000));
  }
  if (signal.aborted)
    throw new CnibenchError('INTERRUPTED', `interrupted while waiting for pods in namespace ${ns}`);
  if (outcome === 'ready') return pods;
  const d = describe(pods, names, true, pullErrors);
  const hint = hints[d.kind] ?? POD_HINTS[d.kind];
  if (outcome === 'fatal')
    throw new CnibenchError('K8S_POD_FAILED', `pods in namespace ${ns} cannot start: ${d.text}`, { hint });
  throw new CnibenchError(
    'K8S_WAIT_EXPIRED',
    `timed out after ${Math.round(timeoutMs / 1000)} s waiting for pods to be Ready in namespace ${ns}: ${d.text}` +
      (lastError === undefined ? '' : ` (last API error: ${lastError})`),
    { hint },
  );
}
