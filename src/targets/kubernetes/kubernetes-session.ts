import { CnibenchError } from '../../model/errors.js';
import type { CommandResult } from '../../exec/runner.js';
import type { Capability, Support } from '../../model/capabilities.js';
import type { Environment } from '../../model/environment.js';
import type { Placement } from '../../model/placement.js';
import type {
  Endpoint,
  ExecOptions,
  MeshEndpoints,
  PlacementSupport,
  PreparedPath,
  ProgrammedServices,
  ResolverInfo,
  ResourceProbe,
  ScenarioSession,
  ServerHandle,
  ServerOptions,
} from '../target.js';
import type { KubeApi, Node } from './api/index.js';
import type { ClusterFacts } from './environment.js';
import { SERVICE_NAME, type PodRole } from './manifests.js';
import { checkConnectivity, findResolver, measureMtu } from './pod-checks.js';
import { execIn, startServerIn } from './pod-exec.js';
import { startCniProbe } from './resources.js';
import { openKubeMesh, type KubeMeshInputs } from './mesh/open-mesh.js';

const PATHS: Record<Placement, { client: PodRole; server: PodRole }> = {
  'same-node': { client: 'cli-a', server: 'srv-a' },
  'cross-node': { client: 'cli-b', server: 'srv-a' },
  host: { client: 'host-b', server: 'host-a' },
  service: { client: 'cli-b', server: 'srv-a' },
};

/** What a prepared Kubernetes scenario consists of (built by `openKubernetesScenario`). */
export interface KubernetesScenarioState {
  name: string;
  api: KubeApi;
  ns: string;
  nodes: Node[];
  endpoints: Map<PodRole, Endpoint>;
  serviceIP: string | undefined;
  facts: ClusterFacts;
  agentPods: { namespace: string; name: string; node: string }[];
  environment: Environment;
  ports: { first: number; count: number };
  /** Deletes the scenario's namespace. */
  close(): Promise<void>;
  /** What a mesh run needs (mesh/open-mesh.ts). */
  mesh?: KubeMeshInputs;
}

/** One prepared Kubernetes scenario: its namespace, pods pinned to two nodes, exec through the API. */
export class KubernetesSession implements ScenarioSession {
  readonly scenario: string;
  readonly environment: Environment;
  readonly ports: { first: number; count: number };
  private readonly paths = new Map<Placement, PreparedPath>();
  private resolverInfo: ResolverInfo | undefined;

  constructor(private readonly st: KubernetesScenarioState) {
    this.scenario = st.name;
    this.environment = st.environment;
    this.ports = st.ports;
  }

  get api(): KubeApi {
    return this.st.api;
  }

  placements(): PlacementSupport {
    if (this.st.nodes.length > 1)
      return { supported: ['same-node', 'cross-node', 'host', 'service'], unsupported: [] };
    const reason = 'only one usable node in the cluster (see `cnibench doctor --target kubernetes`)';
    return {
      supported: ['same-node', 'service'],
      unsupported: [
        { placement: 'cross-node', reason },
        { placement: 'host', reason },
      ],
    };
  }

  supports(capability: Capability): Support {
    switch (capability) {
      case 'services-at-scale':
        return {
          reason:
            'creating thousands of Services in a shared cluster is not done by cnibench; compare clusters with `services` in the lab, or create them with a setup command',
        };
      case 'network-policy':
      case 'pod-attach':
        return { reason: 'not offered by the Kubernetes target yet' };
    }
  }

  async preparePath(placement: Placement, signal: AbortSignal): Promise<PreparedPath> {
    const cached = this.paths.get(placement);
    if (cached !== undefined) return cached;
    const roles = PATHS[placement];
    const client = this.st.endpoints.get(roles.client);
    const server = this.st.endpoints.get(roles.server);
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
    this.paths.set(placement, path);
    return path;
  }

  exec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult> {
    return execIn(this.st.api, this.st.ns, this.podOf(endpoint), argv, opts);
  }

  startServer(endpoint: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle> {
    return startServerIn(this.st.api, this.st.ns, this.podOf(endpoint), argv, opts);
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

  startResourceProbe(_path: PreparedPath): Promise<ResourceProbe> {
    return startCniProbe({
      api: this.st.api,
      nodes: this.st.nodes.map((n) => n.metadata.name!),
      agentPods: this.st.agentPods,
      selectors: this.st.facts.cni.selectors,
      metricsApi: this.st.facts.metricsApi,
    });
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

  private podOf(ep: Endpoint): string {
    if (!this.st.endpoints.has(ep.id as PodRole))
      throw new CnibenchError('INTERNAL', `endpoint ${ep.id} is not one of this run's pods`);
    return ep.id;
  }
}
