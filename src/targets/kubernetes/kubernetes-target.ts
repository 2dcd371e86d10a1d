import type { KubernetesScenario, ScenarioConfig } from '../../config/schema.js';
import { CnibenchError } from '../../errors.js';
import type { CommandResult } from '../../exec/runner.js';
import type { Placement } from '../../measure/placement.js';
import { parseDuration } from '../../util/units.js';
import type {
  Endpoint,
  Environment,
  ExecOptions,
  PreparedPath,
  ResolverInfo,
  ResourceProbe,
  ServerHandle,
  ServerOptions,
  Target,
} from '../target.js';
import { KubeApi, type List, type Node } from './api/index.js';
import { environmentOf, readClusterFacts, type ClusterFacts } from './environment.js';
import {
  MANAGED_SELECTOR,
  namespaceName,
  RUN_LABEL,
  SERVICE_NAME,
  labelValue,
  type PodRole,
} from './manifests.js';
import { chooseNodes, internalIP } from './nodes.js';
import { createNamespace, createRunObjects, deleteNamespace, findAgentPods } from './objects.js';
import { checkConnectivity, findResolver, measureMtu, probeKubeProxy } from './pod-checks.js';
import { execIn, startServerIn } from './pod-exec.js';
import { waitForPods } from './pod-wait.js';
import { startCniProbe } from './resources.js';
import { runSetupCommand, waitForApi, waitForRollouts } from './setup.js';
import type { KubernetesTargetOptions } from './options.js';

const PATHS: Record<Placement, { client: PodRole; server: PodRole }> = {
  'same-node': { client: 'cli-a', server: 'srv-a' },
  'cross-node': { client: 'cli-b', server: 'srv-a' },
  host: { client: 'host-b', server: 'host-a' },
  service: { client: 'cli-b', server: 'srv-a' },
};

interface ScenarioState {
  name: string;
  api: KubeApi;
  ns: string;
  nodes: Node[];
  endpoints: Map<PodRole, Endpoint>;
  serviceIP: string | undefined;
  facts: ClusterFacts;
  agentPods: { namespace: string; name: string; node: string }[];
  paths: Map<Placement, PreparedPath>;
  resolver?: ResolverInfo;
}

/** The Kubernetes target (SPEC 8): one namespace per run, pods pinned to two nodes, exec through the API. */
export class KubernetesTarget implements Target {
  readonly kind = 'kubernetes' as const;
  private state: ScenarioState | undefined;
  private pending: { api: KubeApi; ns: string } | undefined;

  /** The ports the `service` placement's ClusterIP exposes (`kubernetes.servicePorts`). */
  readonly ports: { first: number; count: number };

  constructor(private readonly opts: KubernetesTargetOptions) {
    this.ports = opts.settings.servicePorts;
  }

  /** API requests made so far (REST and exec), across scenarios. */
  apiCalls = 0;

  private connect(s: KubernetesScenario): KubeApi {
    const kubeconfig = s.kubeconfig ?? this.opts.kubeconfig;
    const context = s.context ?? this.opts.context;
    return (this.opts.connect ?? ((o) => new KubeApi(o)))({
      ...(kubeconfig !== undefined ? { kubeconfig } : {}),
      ...(context !== undefined ? { context } : {}),
    });
  }

  /** What a `setup` command is told: the run, its namespace, and the scenario's kubeconfig and context. */
  private setupEnv(s: KubernetesScenario, ns: string): Record<string, string> {
    const kubeconfig = s.kubeconfig ?? this.opts.kubeconfig;
    const context = s.context ?? this.opts.context;
    return {
      CNIBENCH_RUN_ID: this.opts.runId,
      CNIBENCH_NAMESPACE: ns,
      CNIBENCH_SCENARIO: s.name,
      ...(kubeconfig !== undefined ? { KUBECONFIG: kubeconfig } : {}),
      ...(context !== undefined ? { CNIBENCH_CONTEXT: context } : {}),
    };
  }

  async prepareScenario(scenario: ScenarioConfig, signal: AbortSignal): Promise<Environment> {
    try {
      return await this.prepare(scenario, signal);
    } catch (e) {
      // whatever was created so far goes, so a failed scenario leaves nothing behind
      await this.teardownScenario();
      throw e;
    }
  }

  private async prepare(scenario: ScenarioConfig, signal: AbortSignal): Promise<Environment> {
    if (scenario.target !== 'kubernetes') {
      throw new CnibenchError(
        'USAGE',
        `scenario ${scenario.name} is for the ${scenario.target} target, not kubernetes`,
      );
    }
    await this.teardownScenario();
    const log = this.opts.log;
    const waitMs = parseDuration(scenario.waitTimeout, `scenarios.${scenario.name}.waitTimeout`);
    const ns = namespaceName(this.opts.settings.namespacePrefix, this.opts.runId);
    if (scenario.setup !== undefined) {
      log(`scenario ${scenario.name}: running setup command`);
      await runSetupCommand(
        this.opts.runner,
        scenario.name,
        scenario.setup,
        this.setupEnv(scenario, ns),
        waitMs,
        signal,
      );
    }
    const api = this.connect(scenario);
    if (scenario.setup !== undefined) await waitForApi(api, waitMs, signal);
    if (scenario.waitFor.length > 0) await waitForRollouts(api, scenario.waitFor, waitMs, signal, log);
    const nodeList = await api.get<List<Node>>('/api/v1/nodes', { signal });
    const wanted = this.opts.nodes ?? scenario.nodes;
    const choice = chooseNodes(nodeList.items, this.opts.settings.tolerations, wanted);
    const nodeNames = choice.nodes.map((n) => n.metadata.name!);
    log(
      `scenario ${scenario.name}: context ${api.context}, nodes ${nodeNames.join(' and ')}, namespace ${ns}`,
    );
    const facts = await readClusterFacts(api, nodeList.items.length, signal);
    await createNamespace(api, ns, this.opts.runId, signal);
    this.pending = { api, ns }; // from here on, teardown deletes the namespace
    const created = await createRunObjects(api, ns, this.opts.runId, nodeNames, this.opts.settings, signal);
    const readyMs = parseDuration(this.opts.settings.podReadyTimeout, 'kubernetes.podReadyTimeout');
    log(`waiting for ${created.roles.length} pods to be Ready (up to ${Math.round(readyMs / 1000)} s)`);
    const selector = `${MANAGED_SELECTOR},${RUN_LABEL}=${labelValue(this.opts.runId)}`;
    const pods = await waitForPods(api, ns, created.roles, selector, readyMs, signal);
    const endpoints = new Map<PodRole, Endpoint>();
    for (const role of created.roles) {
      const p = pods.get(role)!;
      endpoints.set(role, { id: role, node: p.spec?.nodeName ?? '', address: p.status?.podIP ?? '' });
    }
    const agentPods = await findAgentPods(api, facts.cni.selectors, nodeNames, signal);
    this.state = {
      name: scenario.name,
      api,
      ns,
      nodes: choice.nodes,
      endpoints,
      serviceIP: created.serviceIP,
      facts,
      agentPods,
      paths: new Map(),
    };
    const podMtu = await measureMtu(this, endpoints.get('srv-a')!, endpoints.get('cli-a')!.address);
    const hostA = endpoints.get('host-a');
    const hostMtu =
      hostA === undefined ? null : await measureMtu(this, hostA, internalIP(choice.nodes[1]!) ?? '');
    const kubeProxy = facts.kubeProxy ?? (await probeKubeProxy(this, endpoints.get('host-a')));
    return environmentOf(facts, choice.nodes, {
      context: api.context,
      namespace: ns,
      podMtu: podMtu ?? null,
      hostMtu: hostMtu ?? null,
      kubeProxy,
    });
  }

  placements(): { supported: Placement[]; unsupported: { placement: Placement; reason: string }[] } {
    const two = this.state === undefined || this.state.nodes.length > 1;
    if (two) return { supported: ['same-node', 'cross-node', 'host', 'service'], unsupported: [] };
    const reason = 'only one usable node in the cluster (see `cnibench doctor --target kubernetes`)';
    return {
      supported: ['same-node', 'service'],
      unsupported: [
        { placement: 'cross-node', reason },
        { placement: 'host', reason },
      ],
    };
  }

  private need(): ScenarioState {
    if (this.state === undefined)
      throw new CnibenchError('INTERNAL', 'the kubernetes target has no prepared scenario');
    return this.state;
  }

  async preparePath(placement: Placement, signal: AbortSignal): Promise<PreparedPath> {
    const st = this.need();
    const cached = st.paths.get(placement);
    if (cached !== undefined) return cached;
    const roles = PATHS[placement];
    const client = st.endpoints.get(roles.client);
    const server = st.endpoints.get(roles.server);
    if (client === undefined || server === undefined) {
      const why =
        this.placements().unsupported.find((u) => u.placement === placement)?.reason ?? 'not prepared';
      throw new CnibenchError(
        'USAGE',
        `placement ${placement} is not available in scenario ${st.name}: ${why}`,
      );
    }
    let serverAddress = server.address;
    if (placement === 'service') {
      if (st.serviceIP === undefined)
        throw new CnibenchError('K8S_API', `Service ${SERVICE_NAME} in namespace ${st.ns} has no ClusterIP`);
      serverAddress = st.serviceIP;
    }
    await checkConnectivity(this, { placement, client, server, address: serverAddress, ns: st.ns }, signal);
    const [cm, sm] = [
      await measureMtu(this, client, serverAddress),
      await measureMtu(this, server, client.address),
    ];
    const withMtu = (e: Endpoint, m: number | undefined): Endpoint =>
      m === undefined ? e : { ...e, mtu: m };
    const path: PreparedPath = {
      placement,
      client: withMtu(client, cm),
      server: withMtu(server, sm),
      serverAddress,
    };
    const mtus = [cm, sm].filter((m): m is number => m !== undefined);
    if (mtus.length > 0) path.pathMtu = Math.min(...mtus);
    st.paths.set(placement, path);
    return path;
  }

  private podOf(ep: Endpoint): string {
    const st = this.need();
    if (!st.endpoints.has(ep.id as PodRole))
      throw new CnibenchError('INTERNAL', `endpoint ${ep.id} is not one of this run's pods`);
    return ep.id;
  }

  exec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult> {
    const st = this.need();
    return execIn(st.api, st.ns, this.podOf(endpoint), argv, opts);
  }

  startServer(endpoint: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle> {
    const st = this.need();
    return startServerIn(st.api, st.ns, this.podOf(endpoint), argv, opts);
  }

  async resolver(path: PreparedPath, signal: AbortSignal): Promise<ResolverInfo> {
    const st = this.need();
    st.resolver ??= await findResolver(this, st.api, path.client, st.ns, st.serviceIP, signal);
    return st.resolver;
  }

  startResourceProbe(_path: PreparedPath): Promise<ResourceProbe> {
    const st = this.need();
    return startCniProbe({
      api: st.api,
      nodes: st.nodes.map((n) => n.metadata.name!),
      agentPods: st.agentPods,
      selectors: st.facts.cni.selectors,
      metricsApi: st.facts.metricsApi,
    });
  }

  async teardownScenario(): Promise<void> {
    const target = this.state ?? this.pending;
    this.state = undefined;
    this.pending = undefined;
    if (target === undefined) return;
    this.opts.log(`deleting namespace ${target.ns}`);
    try {
      if (!(await deleteNamespace(target.api, target.ns, 90_000))) {
        this.opts.log(
          `namespace ${target.ns} is still terminating; \`cnibench cleanup --target kubernetes\` removes it if it stays`,
        );
      }
    } catch (e) {
      this.opts.log(
        `could not delete namespace ${target.ns}: ${e instanceof Error ? e.message : String(e)}; run \`cnibench cleanup --target kubernetes\``,
      );
    }
    this.apiCalls += target.api.calls;
  }

  teardown(): Promise<void> {
    return this.teardownScenario();
  }

  /** Calls made by the current scenario's client, for tests of call bounds. */
  currentCalls(): number {
    return this.state?.api.calls ?? this.pending?.api.calls ?? 0;
  }
}
