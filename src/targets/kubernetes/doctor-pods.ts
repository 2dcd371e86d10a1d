import { randomBytes } from 'node:crypto';
import type { Check } from '../../model/check.js';
import { CnibenchError } from '../../model/errors.js';
import type { ToolNeed } from '../provider.js';
import { admissionDenial, HOST_DENIED_HINT } from './admission.js';
import type { KubeApi, Node, Pod } from './api/index.js';
import { checkPodMtu } from './doctor-mtu.js';
import { imageFix } from './image-help.js';
import {
  labelValue,
  MANAGED_SELECTOR,
  namespaceName,
  podManifest,
  RUN_LABEL,
  type PodRole,
} from './manifests.js';
import { copyPullSecrets, createNamespace, createPod, deleteNamespace } from './objects.js';
import { directExec } from './pod-exec.js';
import { waitForPods } from './pod-wait.js';
import { checkPrograms, describeMissing, PROGRAMS_FIX } from './preflight.js';
import type { KubernetesSettings } from './schema.js';

/** Longest the doctor waits for its pods: an image that cannot be had is said within a minute. */
const DOCTOR_POD_WAIT_MS = 45_000;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The preflight a run does, on its own: one short-lived pod with the tools image on each chosen
 * node (does it pull and start? does it hold every measurement's programs?), and a dry run of a
 * host-network pod (would admission let the `host` placement in?). Everything goes in a
 * namespace of its own, deleted at the end.
 */
export async function checkImageOnNodes(
  api: KubeApi,
  settings: KubernetesSettings,
  nodes: readonly Node[],
  signal: AbortSignal,
  needs: readonly ToolNeed[],
): Promise<Check[]> {
  const runId = `doctor-${randomBytes(3).toString('hex')}`;
  const ns = namespaceName(settings.namespacePrefix, runId);
  const roles: PodRole[] = nodes.length > 1 ? ['srv-a', 'cli-b'] : ['srv-a'];
  const image = `${settings.image} (imagePullPolicy ${settings.imagePullPolicy})`;
  try {
    await createNamespace(api, ns, runId, settings.privilegedNamespace, signal);
  } catch (e) {
    return [{ name: 'tools image', ok: false, detail: `not checked: ${message(e)}` }];
  }
  try {
    await copyPullSecrets(api, ns, runId, settings.imagePullSecrets, signal);
    const node = (i: number): string => nodes[i]?.metadata.name ?? '';
    await Promise.all(
      roles.map((r, i) => createPod(api, ns, podManifest(r, node(i), ns, runId, settings), signal)),
    );
    const host = await hostNetworkCheck(api, ns, runId, node(0), settings, signal);
    const selector = `${MANAGED_SELECTOR},${RUN_LABEL}=${labelValue(runId)}`;
    const wait = Math.min(DOCTOR_POD_WAIT_MS, settings.podReadyTimeout * 1000);
    let ready: Map<string, Pod>;
    try {
      ready = await waitForPods(
        api,
        ns,
        roles,
        selector,
        wait,
        signal,
        { image: imageFix(settings, nodes) },
        true,
      );
    } catch (e) {
      const fix = e instanceof CnibenchError ? e.hint : undefined;
      return [
        { name: 'tools image', ok: false, detail: `${image}: ${message(e)}`, ...(fix ? { fix } : {}) },
        host,
      ];
    }
    const checks = await Promise.all(
      roles.map((r, i) =>
        checkPrograms((argv) => directExec(api, ns, r).exec(argv, { timeoutMs: 20_000, signal }), needs).then(
          (c) => ({ node: node(i), c }),
        ),
      ),
    );
    const where = nodes.map((n) => n.metadata.name).join(' and ');
    const bad = checks.find((x) => x.c.missing.length > 0);
    return [
      { name: 'tools image', ok: true, detail: `${image} pulled and started on ${where}` },
      bad === undefined
        ? {
            name: 'programs',
            ok: true,
            detail: `the image has every program of the ${needs.length} measurement variants`,
          }
        : {
            name: 'programs',
            ok: false,
            detail: `on ${bad.node} the image lacks ${describeMissing(bad.c)}: ${bad.c.failing.length} measurement variant(s) would fail`,
            fix: PROGRAMS_FIX,
          },
      host,
      ...(await mtuCheck(api, ns, ready, signal)),
    ];
  } catch (e) {
    return [{ name: 'tools image', ok: false, detail: `${image}: not checked: ${message(e)}` }];
  } finally {
    await deleteNamespace(api, ns, 30_000).catch(() => undefined);
  }
}

/** The pod MTU against the path MTU between the two nodes' pods (none with one node). */
async function mtuCheck(
  api: KubeApi,
  ns: string,
  pods: Map<string, Pod>,
  signal: AbortSignal,
): Promise<Check[]> {
  const client = pods.get('cli-b');
  const server = pods.get('srv-a');
  if (client === undefined || server === undefined) return [];
  return [await checkPodMtu(api, ns, client, server, signal)];
}

/** Whether admission lets a host-network pod in: a server-side dry run, nothing is created. */
async function hostNetworkCheck(
  api: KubeApi,
  ns: string,
  runId: string,
  node: string,
  settings: KubernetesSettings,
  signal: AbortSignal,
): Promise<Check> {
  const name = 'host network';
  try {
    await createPod(api, ns, podManifest('host-a', node, ns, runId, settings), signal, '?dryRun=All');
    return { name, ok: true, detail: 'host-network pods are admitted (the host placement can run)' };
  } catch (e) {
    const denied = admissionDenial(e);
    if (denied === undefined)
      return { name, ok: false, optional: true, detail: `not checked: ${message(e)}` };
    return {
      name,
      ok: false,
      detail: `refused, so a run skips the host placement: ${denied}`,
      fix: HOST_DENIED_HINT,
    };
  }
}
