import { CnibenchError } from '../../model/errors.js';
import type { CommandResult } from '../../exec/runner.js';
import type { Capability, Support } from '../../model/capabilities.js';
import type { Environment } from '../../model/environment.js';
import type { Placement } from '../../model/placement.js';
import type {
  Endpoint,
  ExecOptions,
  MeshEndpoints,
  NewPod,
  PlacementSupport,
  PolicyRequest,
  PreparedPath,
  ProgrammedPolicies,
  ProgrammedServices,
  ResolverInfo,
  ResourceProbe,
  ScenarioSession,
  ServerHandle,
  ServerOptions,
} from '../target.js';
import type { KubeApi, Node } from './api/index.js';
import { AttachedPods } from './attach-pod.js';
import type { ClusterFacts } from './environment.js';
import type { Layout } from './layout.js';
import type { Liveness } from './liveness.js';
import { SERVICE_NAME, type PodRole } from './manifests.js';
import { checkConnectivity, findResolver, measureMtu, measurePathMtu } from './pod-checks.js';
import type { PodExec } from './pod-exec.js';
import { applyPolicies, probeEnforcement, type PolicyScene } from './policy-enforcement.js';
import { startCniProbe } from './resources.js';
import { OncePerKey } from '../../util/once-per-key.js';
import type { KubernetesSettings } from './schema.js';
import { openKubeMesh, type KubeMeshInputs } from './mesh/open-mesh.js';
import { secondarySupport, type SecondaryNetwork } from './multus.js';
import { SecondaryPaths } from './secondary-network.js';

const ALL: Placement[] = ['same-node', 'cross-node', 'host', 'service'];

/** What a prepared Kubernetes scenario consists of (built by `openKubernetesScenario`). */
export interface KubernetesSessionState {
  name: string;
  api: KubeApi;
  ns: string;
  nodes: Node[];
  layout: Layout;
  endpoints: Map<PodRole, Endpoint>;
  /** How commands reach each pod (its exec agent, or one exec per command). */
  execs: Map<PodRole, PodExec>;
  liveness: Liveness;
  serviceIP: string | undefined;
  facts: ClusterFacts;
  agentPods: { namespace: string; name: string; node: string }[];
  environment: Environment;
  ports: { first: number; count: number };
  /** The run's id and settings, for pods attached on demand (`attach-pod.ts`). */
  runId: string;
  settings: KubernetesSettings;
  /** Starts deleting the scenario's namespace (the target waits for it in the background). */
  close(): Promise<void>;
  /** What a mesh run needs (mesh/open-mesh.ts). */
  mesh?: KubeMeshInputs;
  /** The scenario's Multus network (multus.ts), or why it has none. */
  secondary?: SecondaryNetwork;
}

/** One prepared Kubernetes scenario: its namespace, pods pinned to two nodes, exec through the API. */
export class KubernetesSession implements ScenarioSession {
  readonly scenario: string;
  readonly environment: Environment;
  readonly ports: { first: number; count: number };
  private readonly paths = new Map<Placement, PreparedPath>();
  private resolverInfo: ResolverInfo | undefined;
  private readonly enforcement = new OncePerKey<Placement, Support>();
  private readonly attached: AttachedPods;

  constructor(private readonly st: KubernetesSessionState) {
    this.scenario = st.name;
    this.environment = st.environment;
    this.ports = st.ports;
    this.attached = new AttachedPods({ api: st.api, ns: st.ns, runId: st.runId, settings: st.settings });
  }

  get api(): KubeApi {
    return this.st.api;
  }

  placements(): PlacementSupport {
    return {
      supported: ALL.filter((p) => this.st.layout.paths[p] !== undefined),
      unsupported: this.st.layout.unsupported,
    };
  }

  supports(capability: Capability): Support {
    switch (capability) {
      case 'services-at-scale':
        return {
          reason:
            'creating thousands of Services in a shared cluster is not done by cnibench; compare clusters with `services` in the lab, or create them with a setup command',
        };
      case 'secondary-network':
        return secondarySupport(this.st.secondary, this.st.name);
      case 'network-policy':
      case 'policy-enforced':
      case 'pod-attach':
        return true;
      case 'policy-rules':
      case 'policy-ebpf':
        return {
          reason:
            'on Kubernetes the CNI applies NetworkPolicy objects; cnibench writes its own iptables, nftables or eBPF policy rules only in the lab: give the policy measurement modes: [cni]',
        };
    }
  }

  /** `policy-enforced`: the enforcement probe, once per placement (policy-enforcement.ts). */
  checkCapability(capability: Capability, path: PreparedPath, signal: AbortSignal): Promise<Support> {
    if (capability !== 'policy-enforced') return Promise.resolve(true);
    return this.enforcement.get(path.placement, () => probeEnforcement(this.policyScene(), path, signal));
  }

  programPolicies(
    path: PreparedPath,
    request: PolicyRequest,
    signal: AbortSignal,
  ): Promise<ProgrammedPolicies> {
    return applyPolicies(this.policyScene(), path, request, signal);
  }

  private policyScene(): PolicyScene {
    const { api, ns, endpoints, facts } = this.st;
    return { api, ns, endpoints, pods: this, cni: facts.cni.name };
  }

  async preparePath(placement: Placement, signal: AbortSignal): Promise<PreparedPath> {
    const cached = this.paths.get(placement);
    if (cached !== undefined) return cached;
    const roles = this.st.layout.paths[placement];
    const client = roles && this.st.endpoints.get(roles.client);
    const server = roles && this.st.endpoints.get(roles.server);
    if (client === undefined || server === undefined) {
      const why =
        this.placements().unsupported.find((u) => u.placement === placement)?.reason ?? 'not prepared';
      throw new CnibenchError(
        'USAGE',
        `placement ${placement} is not available in scenario ${this.st.name}: ${why}`,
      );
    }
    let serverAddress = server.address;
    if (placement === 'service') {
      if (this.st.serviceIP === undefined)
        throw new CnibenchError(
          'K8S_API',
          `Service ${SERVICE_NAME} in namespace ${this.st.ns} has no ClusterIP`,
        );
      serverAddress = this.st.serviceIP;
    }
    await checkConnectivity(
      this,
      { placement, client, server, address: serverAddress, ns: this.st.ns },
      signal,
    );
    const [cm, sm] = await Promise.all([
      measureMtu(this, client, serverAddress),
      measureMtu(this, server, client.address),
    ]);
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
    const measured = await measurePathMtu(this, path, signal);
    if (measured !== undefined) path.pathMtu = Math.min(measured, path.pathMtu ?? Infinity);
    this.paths.set(placement, path);
    return path;
  }

  exec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult> {
    const pod = this.podOf(endpoint);
    return this.st.liveness.guard(() => pod.exec(argv, opts));
  }

  async startServer(endpoint: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle> {
    const pod = this.podOf(endpoint);
    const live = this.st.liveness;
    const h = await live.guard(() => pod.startServer(argv, opts));
    return { stop: () => live.guard(() => h.stop()) };
  }

  async resolver(path: PreparedPath, signal: AbortSignal): Promise<ResolverInfo> {
    this.resolverInfo ??= await findResolver(
      this,
      this.st.api,
      path.client,
      this.st.ns,
      this.st.serviceIP,
      signal,
    );
    return this.resolverInfo;
  }

  programServices(): Promise<ProgrammedServices> {
    const why = this.supports('services-at-scale');
    return Promise.reject(
      new CnibenchError(
        'USAGE',
        `scenario ${this.st.name} cannot program Services: ${why === true ? '' : why.reason}`,
      ),
    );
  }

  startResourceProbe(_path: PreparedPath, plannedMs?: number): Promise<ResourceProbe> {
    return startCniProbe({
      ...(plannedMs !== undefined ? { plannedMs } : {}),
      api: this.st.api,
      nodes: this.st.nodes.map((n) => n.metadata.name!),
      agentPods: this.st.agentPods,
      selectors: this.st.facts.cni.selectors,
      metricsApi: this.st.facts.metricsApi,
    });
  }

  /** A new pod on the client's node (attach-pod.ts); Kubernetes cannot start `probe` before its network. */
  attachPod(path: PreparedPath, signal: AbortSignal): Promise<NewPod> {
    return this.attached.attach(path, signal);
  }

  close(): Promise<void> {
    return this.st.close();
  }

  // --- mesh runs (`run --mesh`): DaemonSets and pod shells, in mesh/ ---
  mesh(signal: AbortSignal): Promise<MeshEndpoints> {
    const inputs = this.st.mesh;
    if (inputs === undefined)
      return Promise.reject(
        new CnibenchError('MESH_FAILED', `scenario ${this.st.name} was opened without mesh support`),
      );
    return openKubeMesh({ ...inputs, api: this.st.api, ns: this.st.ns, base: this }, signal);
  }
  // --- end of mesh ---

  // --- secondary networks (Multus): secondary-network.ts ---
  private secondaryPaths: SecondaryPaths | undefined;

  networkPath(
    path: PreparedPath,
    _network: 'secondary',
    signal: AbortSignal,
  ): Promise<PreparedPath | { reason: string }> {
    const { name: scenario, api, ns, secondary } = this.st;
    this.secondaryPaths ??= new SecondaryPaths({ scenario, api, ns, secondary, pods: this });
    return this.secondaryPaths.path(path, signal);
  }
  // --- end of secondary networks ---

  private podOf(ep: Endpoint): PodExec {
    const pod = this.st.execs.get(ep.id as PodRole) ?? this.attached.exec(ep.id);
    if (pod === undefined)
      throw new CnibenchError('INTERNAL', `endpoint ${ep.id} is not one of this run's pods`);
    return pod;
  }
}
