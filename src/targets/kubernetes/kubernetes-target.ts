import type { ScenarioRef, ScenarioSession, Target } from '../target.js';
import { parseScenario } from '../scenario-parse.js';
import { KubeApi, type List, type Node } from './api/index.js';
import { environmentOf, readClusterFacts } from './environment.js';
import { MANAGED_SELECTOR, namespaceName, RUN_LABEL, labelValue, type PodRole } from './manifests.js';
import { chooseNodes, internalIP } from './nodes.js';
import { createNamespace, createRunObjects, deleteNamespace, findAgentPods } from './objects.js';
import { measureMtu, probeKubeProxy } from './pod-checks.js';
import { waitForPods } from './pod-wait.js';
import { KubernetesScenario } from './schema.js';
import { runSetupCommand, waitForApi, waitForRollouts } from './setup.js';
import type { KubernetesTargetOptions } from './options.js';
import { KubernetesSession } from './kubernetes-session.js';
import type { Endpoint } from '../target.js';

/** The Kubernetes target (SPEC 8): a namespace per scenario, pods pinned to two nodes, exec through the API. */
export class KubernetesTarget implements Target {
  readonly kind = 'kubernetes' as const;
  private readonly open = new Set<{ api: KubeApi; ns: string; closed: boolean }>();
  private opened = 0;

  constructor(private readonly opts: KubernetesTargetOptions) {}

  /** API requests made so far (REST and exec) by scenarios already closed. */
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

  /**
   * A scenario whose `setup` reconfigures a cluster runs alone (in a block); the others, which
   * only read their cluster, are open together and interleaved.
   */
  groups(scenarios: readonly ScenarioRef[]): { scenarios: ScenarioRef[]; why: string }[] {
    const withSetup = scenarios.filter((s) => typeof s['setup'] === 'string');
    const rest = scenarios.filter((s) => !withSetup.includes(s));
    return [
      ...(rest.length > 0
        ? [{ scenarios: rest, why: 'scenarios without a setup command are interleaved' }]
        : []),
      ...withSetup.map((s) => ({
        scenarios: [s],
        why: `scenario ${s.name} runs a setup command that reconfigures its cluster: measured in a block, not interleaved`,
      })),
    ];
  }

  async openScenario(ref: ScenarioRef, signal: AbortSignal): Promise<ScenarioSession> {
    const scenario = parseScenario(KubernetesScenario, ref, 'kubernetes');
    this.opened += 1;
    const suffix = this.opened === 1 ? this.opts.runId : `${this.opts.runId}-s${this.opened}`;
    const ns = namespaceName(this.opts.settings.namespacePrefix, suffix);
    let created: { api: KubeApi; ns: string; closed: boolean } | undefined;
    try {
      return await this.prepare(scenario, ns, signal, (entry) => (created = entry));
    } catch (e) {
      // whatever was created so far goes, so a failed scenario leaves nothing behind
      if (created !== undefined) await this.closeNamespace(created);
      throw e;
    }
  }

  private async prepare(
    scenario: KubernetesScenario,
    ns: string,
    signal: AbortSignal,
    onNamespace: (entry: { api: KubeApi; ns: string; closed: boolean }) => void,
  ): Promise<ScenarioSession> {
    const log = this.opts.log;
    const waitMs = scenario.waitTimeout * 1000;
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
    const entry = { api, ns, closed: false };
    this.open.add(entry);
    onNamespace(entry); // from here on, a failure deletes the namespace
    const created = await createRunObjects(api, ns, this.opts.runId, nodeNames, this.opts.settings, signal);
    const readyMs = this.opts.settings.podReadyTimeout * 1000;
    log(`waiting for ${created.roles.length} pods to be Ready (up to ${Math.round(readyMs / 1000)} s)`);
    const selector = `${MANAGED_SELECTOR},${RUN_LABEL}=${labelValue(this.opts.runId)}`;
    const pods = await waitForPods(api, ns, created.roles, selector, readyMs, signal);
    const endpoints = new Map<PodRole, Endpoint>();
    for (const role of created.roles) {
      const p = pods.get(role)!;
      endpoints.set(role, { id: role, node: p.spec?.nodeName ?? '', address: p.status?.podIP ?? '' });
    }
    const agentPods = await findAgentPods(api, facts.cni.selectors, nodeNames, signal);
    const state = {
      name: scenario.name,
      api,
      ns,
      nodes: choice.nodes,
      endpoints,
      serviceIP: created.serviceIP,
      facts,
      agentPods,
      environment: {},
      ports: this.opts.settings.servicePorts,
      close: () => this.closeNamespace(entry),
      // mesh runs reuse the one node list (mesh/open-mesh.ts)
      mesh: {
        allNodes: nodeList.items,
        named: wanted,
        settings: this.opts.settings,
        runId: this.opts.runId,
        log,
      },
    };
    const session = new KubernetesSession(state);
    const podMtu = await measureMtu(session, endpoints.get('srv-a')!, endpoints.get('cli-a')!.address);
    const hostA = endpoints.get('host-a');
    const hostMtu =
      hostA === undefined ? null : await measureMtu(session, hostA, internalIP(choice.nodes[1]!) ?? '');
    const kubeProxy = facts.kubeProxy ?? (await probeKubeProxy(session, endpoints.get('host-a')));
    state.environment = environmentOf(facts, choice.nodes, {
      context: api.context,
      namespace: ns,
      podMtu: podMtu ?? null,
      hostMtu: hostMtu ?? null,
      kubeProxy,
    });
    return new KubernetesSession(state);
  }

  private async closeNamespace(entry: { api: KubeApi; ns: string; closed: boolean }): Promise<void> {
    if (entry.closed) return;
    entry.closed = true;
    this.open.delete(entry);
    this.opts.log(`deleting namespace ${entry.ns}`);
    try {
      if (!(await deleteNamespace(entry.api, entry.ns, 90_000))) {
        this.opts.log(
          `namespace ${entry.ns} is still terminating; \`cnibench cleanup --target kubernetes\` removes it if it stays`,
        );
      }
    } catch (e) {
      this.opts.log(
        `could not delete namespace ${entry.ns}: ${e instanceof Error ? e.message : String(e)}; run \`cnibench cleanup --target kubernetes\``,
      );
    }
    this.apiCalls += entry.api.calls;
  }

  async teardown(): Promise<void> {
    for (const entry of [...this.open]) await this.closeNamespace(entry);
  }

  /** Calls made by the open scenarios' clients, for tests of call bounds. */
  currentCalls(): number {
    return [...this.open].reduce((a, e) => a + e.api.calls, 0);
  }
}
