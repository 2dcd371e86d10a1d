import { CnibenchError } from '../../model/errors.js';
import { sleep } from '../../util/sleep.js';
import type { Endpoint, NewPod, PreparedPath } from '../target.js';
import { isRetryable, type KubeApi, type Pod, type WatchEvent } from './api/index.js';
import { admissionDenial } from './admission.js';
import { toolsPodManifest } from './manifests.js';
import { waitGone } from './objects.js';
import { directExec, type PodExec } from './pod-exec.js';
import { POD_HINTS, podState, type PodState } from './pod-wait.js';
import type { KubernetesSettings } from './schema.js';

/** What attaching pods on demand needs from a scenario. */
export interface AttachInputs {
  api: KubeApi;
  ns: string;
  runId: string;
  settings: KubernetesSettings;
}

/** Deleted at once: an attached pod holds nothing worth a graceful stop. */
const NOW = { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 };
const POLL_MS = 100;
/** What add and del mean here (docs/kubernetes.md, podnet), recorded with the figures. */
const KUBERNETES_TIMES =
  'Kubernetes: add is pod create to Ready (scheduling, sandbox, CNI ADD, container start, status report); ' +
  'del is the forced delete (grace period 0) until the API no longer has the pod: the kubelet runs CNI DEL after, unseen';

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Pods attached on demand (`podnet`, capability `pod-attach`): each a tools pod of the run
 * (its labels, so cleanup finds it) pinned to the path's client node. `addMs` runs from the
 * create request to the Ready condition seen on a watch of that one pod. Commands reach an
 * attached pod with one exec each, until it is removed.
 */
export class AttachedPods {
  private serial = 0;
  private readonly execs = new Map<string, PodExec>();

  constructor(private readonly c: AttachInputs) {}

  /** How commands reach an attached pod, while it is attached. */
  exec(id: string): PodExec | undefined {
    return this.execs.get(id);
  }

  async attach(path: PreparedPath, signal: AbortSignal): Promise<NewPod> {
    // taken before any await: pods attached at once never share a name
    this.serial += 1;
    const name = `att-${this.serial}`;
    const timeoutMs = this.c.settings.podReadyTimeout * 1000;
    const started = performance.now();
    let pod: Pod;
    try {
      pod = await this.create(name, path.client.node, signal);
      pod = await waitReady(this.c.api, this.c.ns, pod, timeoutMs, signal);
    } catch (e) {
      await this.deleteQuietly(name);
      throw signal.aborted ? interrupted(this.c.ns, name) : e;
    }
    const addMs = round3(performance.now() - started);
    const readyAtMs = Date.now();
    const endpoint: Endpoint = {
      id: name,
      node: pod.spec?.nodeName ?? path.client.node,
      address: pod.status?.podIP ?? '',
    };
    if (endpoint.address === '') {
      await this.deleteQuietly(name);
      throw new CnibenchError('K8S_API', `pod ${name} in namespace ${this.c.ns} is Ready without an IP`);
    }
    this.execs.set(name, directExec(this.c.api, this.c.ns, name));
    let removed: Promise<{ delMs: number }> | undefined;
    return {
      endpoint,
      addMs,
      readyAtMs,
      notes: [KUBERNETES_TIMES],
      remove: () => (removed ??= this.detach(name, timeoutMs)),
    };
  }

  private async create(name: string, node: string, signal: AbortSignal): Promise<Pod> {
    const { api, ns, runId, settings } = this.c;
    const manifest = toolsPodManifest({ name, host: false, nodeName: node, ns, runId, settings });
    try {
      return await api.post<Pod>(`/api/v1/namespaces/${ns}/pods`, manifest, { signal });
    } catch (e) {
      const denied = admissionDenial(e);
      if (denied === undefined) throw e;
      throw new CnibenchError('K8S_POD_FAILED', `pod ${name} in namespace ${ns} was refused: ${denied}`, {
        hint: 'a policy of the cluster refuses the tools pods in the run\u2019s namespace; ask for an exception for namespaces labelled app.kubernetes.io/managed-by=cnibench',
      });
    }
  }

  /** Deletes the pod and waits until the API server no longer has it. */
  private async detach(name: string, timeoutMs: number): Promise<{ delMs: number }> {
    this.execs.delete(name);
    const started = performance.now();
    await this.c.api.delete(this.podPath(name), { body: NOW });
    if (!(await waitGone(this.c.api, this.podPath(name), timeoutMs, POLL_MS)))
      throw new CnibenchError(
        'K8S_WAIT_EXPIRED',
        `pod ${name} in namespace ${this.c.ns} was still there ${Math.round(timeoutMs / 1000)} s after its deletion`,
        { hint: 'look for finalizers on the pod (`kubectl get pod -o yaml`) and at the node’s kubelet' },
      );
    return { delMs: round3(performance.now() - started) };
  }

  /** After a failed attach: the pod goes (a pod never created answers 404, which is fine). */
  private async deleteQuietly(name: string): Promise<void> {
    this.execs.delete(name);
    // the namespace's deletion at the end of the scenario removes it if this fails
    await this.c.api.delete(this.podPath(name), { body: NOW, retries: 2 }).catch(() => undefined);
  }

  private podPath(name: string): string {
    return `/api/v1/namespaces/${this.c.ns}/pods/${name}`;
  }
}

function interrupted(ns: string, name: string): CnibenchError {
  return new CnibenchError('INTERRUPTED', `interrupted while attaching pod ${name} in namespace ${ns}`);
}

/**
 * Follows one pod until it is Ready: a watch from the create's resource version (so no change
 * is missed), renewed when it ends, with a read of the pod after an expired version or a
 * dropped connection. Fails at once when waiting cannot help, else at the deadline.
 */
async function waitReady(
  api: KubeApi,
  ns: string,
  created: Pod,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Pod> {
  const name = created.metadata.name ?? '';
  const deadline = Date.now() + timeoutMs;
  let pod = created;
  let lastError: string | undefined;
  for (;;) {
    const s = podState(pod);
    if (s.ready) return pod;
    if (s.fatal) throw podFailed('K8S_POD_FAILED', `pod ${name} in namespace ${ns} cannot start`, s);
    if (signal.aborted) throw interrupted(ns, name);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const last = lastError === undefined ? '' : ` (last API error: ${lastError})`;
      const what = `pod ${name} in namespace ${ns} was not Ready after ${Math.round(timeoutMs / 1000)} s`;
      throw podFailed('K8S_WAIT_EXPIRED', `${what}${last}`, s);
    }
    const t = Date.now();
    try {
      pod = await watchPod(api, ns, pod, remaining, signal);
    } catch (e) {
      if (!(e instanceof CnibenchError) || signal.aborted) throw e;
      if (e.code !== 'K8S_GONE' && !isRetryable(e)) throw e;
      lastError = e.code === 'K8S_GONE' ? lastError : e.message;
      await sleep(POLL_MS, signal);
      pod = await api.get<Pod>(`/api/v1/namespaces/${ns}/pods/${name}`, { signal });
      continue;
    }
    // a watch that ended at once (a proxy closing it): do not spin
    if (Date.now() - t < POLL_MS) await sleep(POLL_MS, signal);
  }
}

function podFailed(code: 'K8S_POD_FAILED' | 'K8S_WAIT_EXPIRED', what: string, s: PodState): CnibenchError {
  return new CnibenchError(code, `${what}: ${s.reason}`, { hint: POD_HINTS[s.kind] });
}

/** One watch of one pod from its resource version: the pod as last seen when it ends. */
async function watchPod(
  api: KubeApi,
  ns: string,
  pod: Pod,
  remainingMs: number,
  signal: AbortSignal,
): Promise<Pod> {
  const name = pod.metadata.name ?? '';
  const field = encodeURIComponent(`metadata.name=${name}`);
  const rv = encodeURIComponent(pod.metadata.resourceVersion ?? '');
  const secs = Math.max(1, Math.ceil(remainingMs / 1000));
  let latest = pod;
  let deleted = false;
  await api.watch<Pod>(
    `/api/v1/namespaces/${ns}/pods?fieldSelector=${field}&watch=1&resourceVersion=${rv}&timeoutSeconds=${secs}`,
    { timeoutMs: remainingMs, signal },
    (ev: WatchEvent<Pod>) => {
      const p = ev.object as Pod;
      if (ev.type === 'BOOKMARK' || p.metadata?.name !== name) return false;
      if (ev.type === 'DELETED') {
        deleted = true;
        return true;
      }
      latest = p;
      const s = podState(p);
      return s.ready || s.fatal;
    },
  );
  if (deleted)
    throw new CnibenchError('K8S_POD_FAILED', `pod ${name} in namespace ${ns} was deleted while it started`, {
      hint: 'something else deletes pods in the run\u2019s namespace (a policy, a controller, another cleanup)',
    });
  return latest;
}
