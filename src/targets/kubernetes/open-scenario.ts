import { CnibenchError } from '../../model/errors.js';
import type { ToolNeed } from '../provider.js';
import type { Endpoint } from '../target.js';
import { PodAgent } from './agent/agent.js';
import { execConnect } from './agent/transport.js';
import { agentExec } from './agent-exec.js';
import type { KubeApi, Node, Pod } from './api/index.js';
import { environmentOf, readClusterFacts } from './environment.js';
import { imageFix } from './image-help.js';
import type { KubernetesSessionState } from './kubernetes-session.js';
import type { Layout } from './layout.js';
import { layoutFor } from './layout.js';
import { Liveness } from './liveness.js';
import { CONTAINER, labelValue, MANAGED_SELECTOR, POD_ROLES, RUN_LABEL, type PodRole } from './manifests.js';
import { internalIP } from './nodes.js';
import { NETWORKS_ANNOTATION, prepareSecondaryNetwork, type SecondaryNetwork } from './multus.js';
import { copyPullSecrets, createRunObjects, findAgentPods } from './objects.js';
import { measureMtu, probeKubeProxy } from './pod-checks.js';
import { directExec, type PodExec } from './pod-exec.js';
import { waitForPods } from './pod-wait.js';
import { checkPrograms, programsError } from './preflight.js';
import type { KubernetesSettings } from './schema.js';

/** What building a scenario's pods needs; the namespace exists already. */
export interface PodsRequest {
  name: string;
  api: KubeApi;
  ns: string;
  runId: string;
  nodes: Node[];
  nodeCount: number;
  settings: KubernetesSettings;
  /** The scenario's Multus NetworkAttachmentDefinition (`namespace/name`), if it names one. */
  secondaryNetwork?: string;
  /** Programs the planned measurements run; checked in one pod per node before any measures. */
  tools: readonly ToolNeed[];
  log: (m: string) => void;
  signal: AbortSignal;
}

const since = (t: number): string => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/**
 * Creates a scenario's pods and Service at once, waits until they are Ready, opens one exec
 * agent per pod, checks that the image holds the suite's programs on each node, and reads the
 * environment: everything a session needs but its `close`.
 */
export async function buildScenario(
  q: PodsRequest,
  close: () => Promise<void>,
): Promise<KubernetesSessionState> {
  const { api, ns, settings, signal } = q;
  const nodeNames = q.nodes.map((n) => n.metadata.name ?? '');
  const t0 = Date.now();
  const [facts, , secondary] = await Promise.all([
    readClusterFacts(api, q.nodeCount, signal),
    copyPullSecrets(api, ns, q.runId, settings.imagePullSecrets, signal),
    prepareSecondaryNetwork(api, { scenario: q.name, ref: q.secondaryNetwork, ns, runId: q.runId }, signal),
  ]);
  if ('reason' in secondary && q.secondaryNetwork !== undefined)
    q.log(`scenario ${q.name}: no secondary network: ${secondary.reason}`);
  const created = await createRunObjects(
    api,
    ns,
    q.runId,
    layoutFor(nodeNames),
    settings,
    signal,
    networksAnnotation(secondary),
  );
  const layout = created.layout;
  for (const u of layout.unsupported) q.log(`scenario ${q.name}: ${u.placement} is not offered: ${u.reason}`);
  const roles = layout.pods.map((p) => p.role);
  const readyMs = settings.podReadyTimeout * 1000;
  q.log(`waiting for ${roles.length} pods to be Ready (up to ${Math.round(readyMs / 1000)} s)`);
  const selector = `${MANAGED_SELECTOR},${RUN_LABEL}=${labelValue(q.runId)}`;
  const fix = imageFix(settings, q.nodes);
  const [pods, agentPods] = await Promise.all([
    waitForPods(api, ns, roles, selector, readyMs, signal, { image: fix }),
    findAgentPods(api, facts.cni.selectors, nodeNames, signal),
  ]);
  q.log(`pods Ready after ${since(t0)}`);
  const endpoints = endpointsOf(roles, pods);
  const t1 = Date.now();
  const execs = await openExecs(api, ns, roles, q.log);
  const agents = [...execs.values()].filter((e) => e.mode === 'agent').length;
  q.log(`exec agents in ${agents} of ${roles.length} pods after ${since(t1)}`);
  try {
    return await finish(
      q,
      { layout, endpoints, execs, agentPods, facts, serviceIP: created.serviceIP, secondary },
      close,
    );
  } catch (e) {
    for (const x of execs.values()) x.close();
    throw e;
  }
}

async function finish(
  q: PodsRequest,
  built: Pick<
    KubernetesSessionState,
    'layout' | 'endpoints' | 'execs' | 'agentPods' | 'facts' | 'serviceIP' | 'secondary'
  >,
  close: () => Promise<void>,
): Promise<KubernetesSessionState> {
  const { api, ns, settings } = q;
  const { layout, endpoints, execs, agentPods, facts } = built;
  await preflight(q, layout, execs);
  const state: KubernetesSessionState = {
    name: q.name,
    api,
    ns,
    nodes: q.nodes,
    layout,
    endpoints,
    execs,
    liveness: new Liveness(api, q.name),
    serviceIP: built.serviceIP,
    facts,
    agentPods,
    environment: {},
    ports: settings.servicePorts,
    runId: q.runId,
    settings,
    secondary: built.secondary,
    close,
  };
  state.environment = await environment(state);
  return state;
}

/** Multus's pod annotation naming the copied NetworkAttachmentDefinition; none without one. */
function networksAnnotation(s: SecondaryNetwork): Record<string, string> {
  if ('reason' in s) return {};
  return { [NETWORKS_ANNOTATION]: `${s.network.namespace}/${s.network.name}` };
}

function endpointsOf(roles: readonly PodRole[], pods: Map<string, Pod>): Map<PodRole, Endpoint> {
  const endpoints = new Map<PodRole, Endpoint>();
  for (const role of roles) {
    const p = pods.get(role);
    endpoints.set(role, { id: role, node: p?.spec?.nodeName ?? '', address: p?.status?.podIP ?? '' });
  }
  return endpoints;
}

/** One exec agent per pod, all at once; a pod whose image cannot run it gets one exec per command. */
async function openExecs(
  api: KubeApi,
  ns: string,
  roles: readonly PodRole[],
  log: (m: string) => void,
): Promise<Map<PodRole, PodExec>> {
  let told = false;
  const opened = await Promise.all(
    roles.map(async (role): Promise<[PodRole, PodExec]> => {
      const where = `pod ${role} (namespace ${ns})`;
      const agent = new PodAgent(execConnect(api, ns, role, CONTAINER), where);
      try {
        await agent.start();
        return [role, agentExec(agent, where)];
      } catch (e) {
        agent.close();
        if (!told) log(`${e instanceof Error ? e.message : String(e)}; using one exec per command`);
        told = true;
        return [role, directExec(api, ns, role)];
      }
    }),
  );
  return new Map(opened);
}

/** The image's programs, checked once per node (a node may run another build of a multi-arch tag). */
async function preflight(q: PodsRequest, layout: Layout, execs: Map<PodRole, PodExec>): Promise<void> {
  const perNode = new Map<string, PodRole>();
  for (const p of layout.pods)
    if (!POD_ROLES[p.role].host && !perNode.has(p.node)) perNode.set(p.node, p.role);
  const checks = await Promise.all(
    [...perNode].map(async ([node, role]) => {
      const pod = execs.get(role);
      if (pod === undefined) throw new CnibenchError('INTERNAL', `no pod ${role}`);
      const c = await checkPrograms(
        (argv) => pod.exec(argv, { timeoutMs: 20_000, signal: q.signal }),
        q.tools,
      );
      return { node, c };
    }),
  );
  const bad = checks.find((x) => x.c.missing.length > 0);
  if (bad !== undefined) throw programsError(q.settings.image, bad.node, bad.c);
}

async function environment(st: KubernetesSessionState): Promise<KubernetesSessionState['environment']> {
  const run = {
    exec: (ep: Endpoint, argv: readonly string[], o: { timeoutMs: number }) => {
      const pod = st.execs.get(ep.id as PodRole);
      if (pod === undefined) return Promise.reject(new CnibenchError('INTERNAL', `no pod ${ep.id}`));
      return pod.exec(argv, o);
    },
    startServer: () =>
      Promise.reject(new CnibenchError('INTERNAL', 'no servers while reading the environment')),
  };
  const srv = st.endpoints.get('srv-a');
  const cli = st.endpoints.get('cli-a');
  const hostA = st.endpoints.get('host-a');
  const peer = (st.nodes[1] && internalIP(st.nodes[1])) ?? st.serviceIP ?? '';
  const [podMtu, hostMtu, probed] = await Promise.all([
    srv && cli ? measureMtu(run, srv, cli.address) : undefined,
    hostA ? measureMtu(run, hostA, peer) : undefined,
    st.facts.kubeProxy === null ? probeKubeProxy(run, hostA) : null,
  ]);
  return environmentOf(st.facts, st.nodes, {
    context: st.api.context,
    namespace: st.ns,
    podMtu: podMtu ?? null,
    hostMtu: hostMtu ?? null,
    kubeProxy: st.facts.kubeProxy ?? probed,
  });
}
