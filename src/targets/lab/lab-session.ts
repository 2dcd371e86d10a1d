import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CnibenchError } from '../../model/errors.js';
import type { CommandResult, Runner, Spawner } from '../../exec/runner.js';
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
  ProgrammedPolicies,
  PreparedPath,
  ProgrammedServices,
  ResolverInfo,
  ResourceProbe,
  ScenarioSession,
  ServerHandle,
  ServerOptions,
  ServicesRequest,
} from '../target.js';
import { LAB_DNS_NAME, labDnsArgv } from './dns-server.js';
import { destroyNamespaces } from './destroy.js';
import { inNetns } from './ip.js';
import { buildLabMesh, LAB_MESH_CONCURRENCY, labMeshPath } from './lab-mesh.js';
import { labPath } from './paths.js';
import { planNamespaces, type LabPlan } from './plan.js';
import type { AttachedPod } from './pod.js';
import type { LabProfile } from './profiles/index.js';
import { waitReachable } from './reachability.js';
import { startProcStatProbe } from './resources.js';
import type { LabScenario } from './schema.js';
import { startLabServer } from './server.js';
import { attachNewPod } from './pod-attach.js';
import { installPolicies } from './policies.js';
import { probeEbpfPolicy } from './policy-ebpf-probe.js';
import { installServices, installVipDnat, SERVICE_MODES, type ServiceMode } from './services.js';
import type { StateStore } from './state-store.js';
import { detachPods } from './topology.js';
import { probeLabPathMtu } from './pmtu.js';
import { labSecondaryPath } from './secondary-path.js';

/** What a lab scenario session is built from (by `LabTarget.openScenario`). */
export interface LabSessionParts {
  scenario: LabScenario;
  profile: LabProfile;
  plan: LabPlan;
  pods: AttachedPod[];
  environment: Environment;
  pluginDir: string;
  /** The scenario's host-local IPAM directory (mesh pods take addresses from it too). */
  ipamDir: string;
  podMtu: number;
  /** The run's private directory (DNS state and the like go below it). */
  workDir: string;
  /** Why the `service` placement cannot work on this kernel, if it cannot. */
  serviceUnsupported?: string;
  run: Runner;
  spawn: Spawner;
  store: StateStore;
  log?: (msg: string) => void;
}

/** One built lab scenario: node and pod namespaces, real CNI plugins, the real kernel datapath. */
export class LabSession implements ScenarioSession {
  readonly scenario: string;
  readonly environment: Environment;
  private readonly servers = new Set<ServerHandle>();
  private readonly dnsServers = new Set<string>();
  private readonly endpoints = new Map<string, string>();
  private serviceReady = false;
  private closed = false;
  private meshBuilt: Promise<MeshEndpoints> | undefined;
  private meshPods: AttachedPod[] = [];
  private readonly meshNamespaces: string[] = [];
  private readonly newPods = new Set<NewPod>();
  private ebpfPolicy: Promise<Support> | undefined;

  constructor(private readonly p: LabSessionParts) {
    this.scenario = p.scenario.name;
    this.environment = p.environment;
    for (const n of p.plan.nodes) this.endpoints.set(n.name, n.netns);
    for (const pod of p.pods) this.endpoints.set(`${pod.plan.node.name}/${pod.plan.name}`, pod.plan.netns);
  }

  placements(): PlacementSupport {
    const unsupported = [...(this.p.profile.unsupportedPlacements ?? [])];
    if (this.p.serviceUnsupported !== undefined && !unsupported.some((u) => u.placement === 'service')) {
      unsupported.push({ placement: 'service', reason: this.p.serviceUnsupported });
    }
    const all: Placement[] = ['same-node', 'cross-node', 'host', 'service'];
    return { supported: all.filter((p) => !unsupported.some((u) => u.placement === p)), unsupported };
  }

  supports(capability: Capability): Support {
    switch (capability) {
      case 'services-at-scale':
      case 'network-policy':
      case 'policy-rules':
      case 'pod-attach':
        return true;
      case 'policy-ebpf':
        return true; // checked with the tools at hand by checkCapability
      case 'policy-enforced':
        return {
          reason:
            'the lab has no NetworkPolicy controller: its policy modes are iptables, nftables and ebpf (mode cni is for Kubernetes)',
        };
      case 'secondary-network':
        return this.p.scenario.secondary !== undefined
          ? true
          : {
              reason: `scenario ${this.scenario} has no secondary network (set secondary: in the lab scenario)`,
            };
    }
  }

  /** The placement over the pods' `net1` (node `eth1` for host), once traffic passes; path MTU measured. */
  async networkPath(
    path: PreparedPath,
    _network: 'secondary',
    signal: AbortSignal,
  ): Promise<PreparedPath | { reason: string }> {
    const second = this.p.scenario.secondary;
    if (second === undefined) return { reason: `scenario ${this.scenario} has no secondary network` };
    const p = labSecondaryPath(path, this.p.plan, this.p.pods, second.mtu);
    if ('reason' in p) return p;
    this.endpoints.set(p.client.id, this.netnsOf(path.client));
    this.endpoints.set(p.server.id, this.netnsOf(path.server));
    await waitReachable(this.p.run, this.netnsOf(p.client), p.serverAddress, 15_000, signal);
    return await this.measuredMtu(p, signal);
  }

  /** The path's MTU as a DF ping finds it (a pod MTU above it is the MTU mistake the report flags). */
  private async measuredMtu(path: PreparedPath, signal: AbortSignal): Promise<PreparedPath> {
    const mtu = path.client.mtu;
    if (mtu === undefined) return path;
    const found = await probeLabPathMtu(
      this.p.run,
      this.netnsOf(path.client),
      path.serverAddress,
      mtu,
      signal,
    );
    return found === undefined ? path : { ...path, pathMtu: Math.min(found, path.server.mtu ?? Infinity) };
  }

  async preparePath(placement: Placement, signal: AbortSignal): Promise<PreparedPath> {
    const path = labPath(placement, this.p.plan, this.p.pods, this.p.scenario.mtu);
    if (placement === 'service') {
      if (!this.serviceReady) {
        // A ClusterIP-style virtual IP on node1, DNAT to the server pod, as kube-proxy's iptables mode does.
        await installVipDnat(
          this.p.run,
          this.p.plan.nodes[0]!.netns,
          this.p.plan.serviceIp,
          path.server.address,
        );
        this.serviceReady = true;
      }
      path.serverAddress = this.p.plan.serviceIp;
    }
    await waitReachable(this.p.run, this.netnsOf(path.client), path.serverAddress, 15_000, signal);
    return await this.measuredMtu(path, signal);
  }

  exec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult> {
    return this.p.run(inNetns(this.netnsOf(endpoint), argv), opts);
  }

  nodeExec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult> {
    const node = this.p.plan.nodes.find((n) => n.name === endpoint.node);
    if (node === undefined) throw new CnibenchError('INTERNAL', `unknown lab node ${endpoint.node}`);
    return this.p.run(inNetns(node.netns, argv), opts);
  }

  async startServer(endpoint: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle> {
    // `onStop` also runs when the server fails to start, before there is a handle to forget
    const made: { handle?: ServerHandle } = {};
    const handle = await startLabServer({
      spawn: this.p.spawn,
      argv: inNetns(this.netnsOf(endpoint), argv),
      opts,
      onStart: (pid) => this.p.store.addProcess(pid, argv.join(' ')),
      onStop: async (pid) => {
        if (made.handle !== undefined) this.servers.delete(made.handle);
        await this.p.store.removeProcess(pid);
      },
    });
    made.handle = handle;
    this.servers.add(handle);
    return handle;
  }

  /** A dnsmasq in the path's server namespace, with no upstream: the DNS measurement never leaves the lab. */
  async resolver(path: PreparedPath, signal: AbortSignal): Promise<ResolverInfo> {
    const info = { server: path.serverAddress, name: LAB_DNS_NAME, expect: path.server.address };
    if (this.dnsServers.has(path.server.id)) return info;
    const dir = join(this.p.workDir, `dns-${this.p.plan.runId}-${path.server.id.replace(/\W/g, '-')}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const argv = labDnsArgv({
      address: path.server.address,
      records: { [LAB_DNS_NAME]: path.server.address },
      stateDir: dir,
    });
    await this.startServer(path.server, argv, {
      readyPattern: /started, version/,
      readyTimeoutMs: 10_000,
      signal,
    });
    this.dnsServers.add(path.server.id);
    return info;
  }

  async programServices(path: PreparedPath, request: ServicesRequest): Promise<ProgrammedServices> {
    if (!(SERVICE_MODES as readonly string[]).includes(request.mode)) {
      throw new CnibenchError(
        'USAGE',
        `the lab programs Services with ${SERVICE_MODES.join(' or ')}, not "${request.mode}"`,
      );
    }
    const node = this.p.plan.nodes[0]!.netns; // the client's node, where kube-proxy would translate
    const s = await installServices(this.p.run, node, request.mode as ServiceMode, {
      count: request.count,
      backend: path.server.address,
      port: request.port,
    });
    return { ...s, mode: request.mode };
  }

  /** `policy-ebpf`: whether clang, bpftool and tc can load the policy program (probed once, on the server pod). */
  checkCapability(capability: Capability, path: PreparedPath): Promise<Support> {
    if (capability !== 'policy-ebpf') return Promise.resolve(true);
    this.ebpfPolicy ??= probeEbpfPolicy(this.p.run, this.netnsOf(path.server), path.client.address);
    return this.ebpfPolicy;
  }

  /** Policies in the server pod's own namespace (INPUT, or eth0's tc ingress for ebpf), the client allowed by the last. */
  async programPolicies(path: PreparedPath, request: PolicyRequest): Promise<ProgrammedPolicies> {
    if (path.placement !== 'same-node' && path.placement !== 'cross-node') {
      throw new CnibenchError(
        'USAGE',
        `policies apply to a server pod, not to the ${path.placement} placement`,
        {
          hint: 'give the policy measurement placements: [same-node, cross-node]',
        },
      );
    }
    return installPolicies(this.p.run, this.netnsOf(path.server), request.mode, {
      count: request.count,
      client: path.client.address,
      port: request.port,
    });
  }

  /** A new pod on the client's node, attached with the scenario's conflist (and `asyncReadyMs`). */
  async attachPod(path: PreparedPath, _signal: AbortSignal, probe?: readonly string[]): Promise<NewPod> {
    const node = this.p.plan.nodes.find((n) => n.name === path.client.node) ?? this.p.plan.nodes[0]!;
    const pod = await attachNewPod(
      {
        ...this.p,
        runId: this.p.plan.runId,
        asyncReadyMs: this.p.scenario.asyncReadyMs ?? 0,
        addNamespace: (ns) => this.p.store.addNamespace(ns),
        removeNamespace: (ns) => this.p.store.removeNamespaces([ns]),
      },
      node,
      probe,
    );
    this.endpoints.set(pod.endpoint.id, pod.netns);
    this.newPods.add(pod);
    return {
      ...pod,
      remove: async () => {
        this.newPods.delete(pod);
        try {
          return await pod.remove();
        } finally {
          this.endpoints.delete(pod.endpoint.id);
        }
      },
    };
  }

  startResourceProbe(_path: PreparedPath): Promise<ResourceProbe> {
    return startProcStatProbe();
  }

  /** A client and a server pod on every node, built on first use; they go with the scenario. */
  mesh(_signal: AbortSignal): Promise<MeshEndpoints> {
    this.meshBuilt ??= this.buildMesh();
    return this.meshBuilt;
  }

  private async buildMesh(): Promise<MeshEndpoints> {
    const started = Date.now();
    const built = await buildLabMesh({
      ...this.p,
      onNamespace: (ns) => {
        this.meshNamespaces.push(ns);
        return this.p.store.addNamespace(ns);
      },
    });
    this.meshPods = built.pods;
    for (const pod of built.pods)
      this.endpoints.set(
        `${pod.plan.node.name}/mesh-${pod.plan.name.endsWith('-mc') ? 'client' : 'server'}`,
        pod.plan.netns,
      );
    const nodes = built.nodes;
    return {
      nodes,
      excluded: [],
      defaultConcurrency: LAB_MESH_CONCURRENCY,
      environment: { mesh_setup_s: round2((Date.now() - started) / 1000), mesh_pods: built.pods.length },
      session: this,
      preparePair: (client, server, signal) =>
        labMeshPath(this.p.run, this.netnsOf(client.client), client, server, signal),
      close: () => Promise.resolve(),
    };
  }

  /** Removes the scenario's servers, pods and namespaces; records how long that took (`teardown_s`). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const started = Date.now();
    for (const s of [...this.servers]) await s.stop();
    for (const pod of [...this.newPods])
      await pod.remove().catch((e: unknown) => this.p.log?.(`lab: ${String(e)}`));
    const errors = await detachPods(this.p.run, this.p.pluginDir, [...this.p.pods, ...this.meshPods]);
    for (const e of errors) this.p.log?.(`lab: ${e}`);
    const mine = new Set([...planNamespaces(this.p.plan), ...this.meshNamespaces]);
    const created = this.p.store.namespaces.filter((n) => mine.has(n));
    await destroyNamespaces(this.p.run, created);
    await this.p.store.removeNamespaces(created);
    // the environment object is the one recorded in the result, saved with the final document
    this.environment.teardown_s = round2((Date.now() - started) / 1000);
  }

  netnsOf(e: Endpoint): string {
    const ns = this.endpoints.get(e.id);
    if (!ns) throw new CnibenchError('INTERNAL', `unknown lab endpoint ${e.id}`);
    return ns;
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
