import type { ScenarioRef, ScenarioSession, Target } from '../target.js';
import { parseScenario } from '../scenario-parse.js';
import { admissionDenial } from './admission.js';
import { KubeApi, type List, type Node } from './api/index.js';
import { KubernetesSession } from './kubernetes-session.js';
import { namespaceName } from './manifests.js';
import { chooseNodes, nodeZone } from './nodes.js';
import { createNamespace, startNamespaceDeletion, waitNamespaceGone } from './objects.js';
import { buildScenario } from './open-scenario.js';
import type { KubernetesTargetOptions } from './options.js';
import { KubernetesScenario } from './schema.js';
import { runSetupCommand, waitForApi, waitForRollouts } from './setup.js';

/** A scenario's namespace while it exists, and how to drop its exec connections. */
interface Entry {
  api: KubeApi;
  ns: string;
  closed: boolean;
  release: () => void;
}

/** How long a namespace deletion is followed in the background before it is left to the cluster. */
const DELETE_WAIT_MS = 30_000;
/**
 * How long the end of a run waits for deletions still in progress. The pods are deleted at
 * once; what remains is the namespace controller's own pass (about 6 s on a 1.20 cluster),
 * which needs no client: the run ends and says the cluster finishes it.
 */
const FINAL_WAIT_MS = 2_000;

const zoneNote = (n: Node): string => {
  const z = nodeZone(n);
  return z === undefined ? '' : ` (zone ${z})`;
};

/** The Kubernetes target (SPEC 8): a namespace per scenario, pods pinned to two nodes, exec through the API. */
export class KubernetesTarget implements Target {
  readonly kind = 'kubernetes' as const;
  private readonly open = new Set<Entry>();
  private readonly deletions: Promise<void>[] = [];
  /** Ends the following of deletions when the run ends (see `finish`). */
  private readonly following = new AbortController();
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
    let created: Entry | undefined;
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
    onNamespace: (entry: Entry) => void,
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
    const choice = chooseNodes(nodeList.items, this.opts.settings.tolerations, wanted, {
      crossZone: this.opts.settings.crossZone,
    });
    const where = choice.nodes.map((n) => `${n.metadata.name ?? '?'}${zoneNote(n)}`).join(' and ');
    log(`scenario ${scenario.name}: context ${api.context}, nodes ${where}, namespace ${ns}`);
    await this.createNamespace(api, ns, signal);
    const entry: Entry = { api, ns, closed: false, release: () => undefined };
    this.open.add(entry);
    onNamespace(entry); // from here on, a failure deletes the namespace
    const state = await buildScenario(
      {
        name: scenario.name,
        api,
        ns,
        runId: this.opts.runId,
        nodes: choice.nodes,
        nodeCount: nodeList.items.length,
        settings: this.opts.settings,
        ...(scenario.secondaryNetwork !== undefined ? { secondaryNetwork: scenario.secondaryNetwork } : {}),
        tools: this.opts.tools ?? [],
        log,
        signal,
      },
      () => this.closeNamespace(entry),
    );
    // mesh runs reuse the one node list (mesh/open-mesh.ts)
    state.mesh = {
      allNodes: nodeList.items,
      named: wanted,
      settings: this.opts.settings,
      runId: this.opts.runId,
      log,
    };
    entry.release = () => {
      for (const e of state.execs.values()) e.close();
    };
    return new KubernetesSession(state);
  }

  /** The run's namespace; privileged for Pod Security when asked, and if a policy refuses that label, without it. */
  private async createNamespace(api: KubeApi, ns: string, signal: AbortSignal): Promise<void> {
    const privileged = this.opts.settings.privilegedNamespace;
    try {
      await createNamespace(api, ns, this.opts.runId, privileged, signal);
    } catch (e) {
      const denied = privileged ? admissionDenial(e) : undefined;
      if (denied === undefined) throw e;
      this.opts.log(
        `--privileged-namespace: the privileged label was refused (${denied}); creating ${ns} without it`,
      );
      await createNamespace(api, ns, this.opts.runId, false, signal);
    }
  }

  /**
   * Starts deleting a scenario's namespace and returns: the deletion goes on in the background
   * (bounded), reported when it ends, so the result is not held up by it.
   */
  private async closeNamespace(entry: Entry): Promise<void> {
    if (entry.closed) return;
    entry.closed = true;
    entry.release();
    this.open.delete(entry);
    const log = this.opts.log;
    const started = Date.now();
    try {
      await startNamespaceDeletion(entry.api, entry.ns);
    } catch (e) {
      log(
        `could not delete namespace ${entry.ns}: ${e instanceof Error ? e.message : String(e)}; run \`cnibench cleanup --target kubernetes\``,
      );
      this.apiCalls += entry.api.calls;
      return;
    }
    log(`deleting namespace ${entry.ns} (in the background, up to ${DELETE_WAIT_MS / 1000} s)`);
    const waited = waitNamespaceGone(entry.api, entry.ns, DELETE_WAIT_MS, this.following.signal)
      .then((gone) => log(deletionNote(entry.ns, gone, this.following.signal.aborted, started)))
      .catch((e: unknown) =>
        log(
          `could not follow the deletion of namespace ${entry.ns}: ${e instanceof Error ? e.message : String(e)}`,
        ),
      )
      .finally(() => (this.apiCalls += entry.api.calls));
    this.deletions.push(waited);
  }

  /**
   * The end of the run (the result is saved): deletions still in progress get a short last wait,
   * then are left to the cluster, each said in the log.
   */
  async finish(): Promise<void> {
    const all = Promise.all(this.deletions);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, FINAL_WAIT_MS)))]);
    clearTimeout(timer);
    this.following.abort();
    await all;
  }

  /** Starts deleting what is still open; the deletions finish in the background (see `finish`). */
  async teardown(): Promise<void> {
    await Promise.all([...this.open].map((entry) => this.closeNamespace(entry)));
  }

  /** Calls made by the open scenarios' clients, for tests of call bounds. */
  currentCalls(): number {
    return [...this.open].reduce((a, e) => a + e.api.calls, 0);
  }
}

/** What the log says when the following of a namespace deletion ends. */
function deletionNote(ns: string, gone: boolean, runEnded: boolean, started: number): string {
  const cleanup = '`cnibench cleanup --target kubernetes` removes it if it stays';
  if (gone) return `namespace ${ns} deleted in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (runEnded)
    return `namespace ${ns} is terminating (its pods are deleted): the cluster finishes it after cnibench exits; ${cleanup}`;
  return `namespace ${ns} is still terminating after ${DELETE_WAIT_MS / 1000} s; the cluster finishes it, and ${cleanup}`;
}
