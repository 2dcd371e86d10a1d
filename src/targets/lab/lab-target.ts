import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CnibenchError } from '../../errors.js';
import { runCommand, spawnProcess, type Runner, type Spawner } from '../../exec/runner.js';
import type { LabScenario, ScenarioConfig } from '../../config/schema.js';
import type { Placement } from '../../measure/placement.js';
import type {
  Endpoint,
  Environment,
  ExecOptions,
  PreparedPath,
  ProgrammedServices,
  ResolverInfo,
  ResourceProbe,
  ServerHandle,
  ServerOptions,
  ServicesRequest,
  Target,
} from '../target.js';
import { detectFeatures, type FeatureReport } from './features.js';
import { inNetns } from './ip.js';
import { makePlan, type LabPlan } from './plan.js';
import { PROFILES } from './profiles.js';
import { startProcStatProbe } from './resources.js';
import { versions } from './versions.js';
import { installServices, installVipDnat, SERVICE_MODES, type ServiceMode } from './services.js';
import { LAB_DNS_NAME, labDnsArgv } from './dns-server.js';
import { defaultStateDir, processStartTime, removeState, saveState, type LabState } from './state.js';
import { buildLab, detachPods, type AttachedPod } from './topology.js';
import { labPath } from './paths.js';
import { startLabServer } from './server.js';
import { destroyNamespaces } from './destroy.js';
import { waitReachable } from './reachability.js';

export interface LabTargetOptions {
  runId: string;
  pluginDir: string;
  stateDir?: string;
  run?: Runner;
  spawn?: Spawner;
  log?: (msg: string) => void;
}

interface Active {
  scenario: LabScenario;
  plan: LabPlan;
  pods: AttachedPod[];
  podMtu: number;
  serviceReady: boolean;
  /** Endpoints whose namespace runs the lab's DNS server. */
  dnsServers: Set<string>;
  endpoints: Map<string, string>;
}

/** The local lab (SPEC section 7): node and pod namespaces, real CNI plugins, the real kernel datapath. */
export class LabTarget implements Target {
  readonly kind = 'lab' as const;
  private readonly run: Runner;
  private readonly spawn: Spawner;
  private readonly stateDir: string;
  private readonly state: LabState;
  private readonly servers = new Set<ServerHandle>();
  private features: FeatureReport | undefined;
  private active: Active | undefined;
  private scenarioCount = 0;

  constructor(private readonly opts: LabTargetOptions) {
    this.run = opts.run ?? runCommand;
    this.spawn = opts.spawn ?? spawnProcess;
    this.stateDir = opts.stateDir ?? defaultStateDir();
    this.state = {
      runId: opts.runId,
      owner: { pid: process.pid, startTime: processStartTime(process.pid) },
      createdAt: new Date().toISOString(),
      namespaces: [],
      processes: [],
      dirs: [],
    };
  }

  async prepareScenario(scenario: ScenarioConfig, signal: AbortSignal): Promise<Environment> {
    if (scenario.target !== 'lab')
      throw new CnibenchError(
        'USAGE',
        `scenario ${scenario.name} is for the ${scenario.target} target, not the lab`,
      );
    if (process.getuid?.() !== 0) {
      throw new CnibenchError('NOT_ROOT', 'the lab target needs root to create network namespaces', {
        hint: 'run with sudo, or check prerequisites with `cnibench doctor`',
      });
    }
    await this.teardownScenario();
    this.features ??= await detectFeatures(this.run);
    const profile = PROFILES[scenario.profile];
    const missing = profile.requires.filter((f) => !this.features![f].ok);
    if (missing.length > 0) {
      throw new CnibenchError(
        'PROFILE_UNSUPPORTED',
        `profile ${profile.name} cannot run on this kernel: ${missing.map((f) => `${f} (${this.features![f].detail})`).join(', ')}`,
        {
          hint: 'see `cnibench profiles` for the profiles this kernel supports',
        },
      );
    }
    // Each scenario gets fresh names, so a slow namespace removal never collides with the next build.
    this.scenarioCount += 1;
    const plan = makePlan(
      this.scenarioCount === 1 ? this.opts.runId : `${this.opts.runId}-s${this.scenarioCount}`,
    );
    const ipamDir = join(this.stateDir, `lab-${this.opts.runId}`, `ipam-${this.scenarioCount}`);
    await mkdir(ipamDir, { recursive: true, mode: 0o700 });
    this.state.dirs.push(join(this.stateDir, `lab-${this.opts.runId}`));
    this.state.dirs = [...new Set(this.state.dirs)];
    const active: Active = {
      scenario,
      plan,
      pods: [],
      podMtu: 0,
      serviceReady: false,
      dnsServers: new Set(),
      endpoints: new Map(),
    };
    this.active = active;
    const pluginDir = scenario.pluginDir ?? this.opts.pluginDir;
    this.opts.log?.(
      `lab: building ${scenario.name} (${profile.name}, MTU ${scenario.mtu}${scenario.linkRate ? `, link ${scenario.linkRate}` : ''})`,
    );
    const built = await buildLab({
      run: this.run,
      plan,
      profile,
      scenario,
      pluginDir,
      ipamDir,
      onNamespace: async (ns) => {
        this.state.namespaces.push(ns);
        await saveState(this.stateDir, this.state);
      },
      onPod: (pod) => active.pods.push(pod),
    });
    if (signal.aborted) throw new CnibenchError('INTERRUPTED', 'interrupted');
    active.podMtu = built.podMtu;
    for (const n of plan.nodes) active.endpoints.set(n.name, n.netns);
    for (const p of built.pods) active.endpoints.set(`${p.plan.node.name}/${p.plan.name}`, p.plan.netns);
    return {
      profile: profile.name,
      profile_description: profile.description,
      fabric_mtu: scenario.mtu,
      pod_mtu: built.podMtu,
      link_rate: scenario.linkRate ?? 'unshaped',
      nodes: plan.nodes.length,
      cni_plugins: `${profile.plugins.join('+')} from ${pluginDir}`,
      ...(await versions(this.run)),
    };
  }

  placements(): { supported: Placement[]; unsupported: { placement: Placement; reason: string }[] } {
    const nat = this.features?.['iptables-nat'];
    const unsupported = [
      ...(this.active ? (PROFILES[this.active.scenario.profile].unsupportedPlacements ?? []) : []),
    ];
    if (!nat?.ok) {
      unsupported.push({
        placement: 'service',
        reason: `needs iptables NAT in a namespace: ${nat?.detail ?? 'not checked'}`,
      });
    }
    const all: Placement[] = ['same-node', 'cross-node', 'host', 'service'];
    return { supported: all.filter((p) => !unsupported.some((u) => u.placement === p)), unsupported };
  }

  async preparePath(placement: Placement, signal: AbortSignal): Promise<PreparedPath> {
    const a = this.mustActive();
    const path = labPath(placement, a.plan, a.pods, a.scenario.mtu);
    if (placement === 'service') {
      await this.ensureService(a, path.server.address);
      path.serverAddress = a.plan.serviceIp;
    }
    await waitReachable(this.run, this.netnsOf(path.client), path.serverAddress, 15_000, signal);
    return path;
  }

  exec(
    endpoint: Endpoint,
    argv: readonly string[],
    opts: ExecOptions,
  ): Promise<import('../../exec/runner.js').CommandResult> {
    return this.run(inNetns(this.netnsOf(endpoint), argv), opts);
  }

  async startServer(endpoint: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle> {
    const handle = await startLabServer({
      spawn: this.spawn,
      argv: inNetns(this.netnsOf(endpoint), argv),
      opts,
      onStart: async (pid) => {
        this.state.processes.push({ pid, startTime: processStartTime(pid), what: argv.join(' ') });
        await saveState(this.stateDir, this.state);
      },
      onStop: async (pid) => {
        this.state.processes = this.state.processes.filter((p) => p.pid !== pid);
        this.servers.delete(handle);
        await saveState(this.stateDir, this.state);
      },
    });
    this.servers.add(handle);
    return handle;
  }

  /** A dnsmasq in the path's server namespace, with no upstream: the DNS measurement never leaves the lab. */
  async resolver(path: PreparedPath, signal: AbortSignal): Promise<ResolverInfo> {
    const a = this.mustActive();
    const info = { server: path.serverAddress, name: LAB_DNS_NAME, expect: path.server.address };
    if (a.dnsServers.has(path.server.id)) return info;
    const dir = join(
      this.stateDir,
      `lab-${this.opts.runId}`,
      `dns-${a.plan.runId}-${path.server.id.replace(/\W/g, '-')}`,
    );
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
    a.dnsServers.add(path.server.id);
    return info;
  }

  async programServices(path: PreparedPath, request: ServicesRequest): Promise<ProgrammedServices> {
    const a = this.mustActive();
    if (!(SERVICE_MODES as readonly string[]).includes(request.mode)) {
      throw new CnibenchError(
        'USAGE',
        `the lab programs Services with ${SERVICE_MODES.join(' or ')}, not "${request.mode}"`,
      );
    }
    const node = a.plan.nodes[0]!.netns; // the client's node, where kube-proxy would translate
    const s = await installServices(this.run, node, request.mode as ServiceMode, {
      count: request.count,
      backend: path.server.address,
      port: request.port,
    });
    return { ...s, mode: request.mode };
  }

  startResourceProbe(_path: PreparedPath): Promise<ResourceProbe> {
    return startProcStatProbe();
  }

  async teardownScenario(): Promise<void> {
    for (const s of [...this.servers]) await s.stop();
    const a = this.active;
    if (!a) return;
    this.active = undefined;
    const errors = await detachPods(this.run, a.scenario.pluginDir ?? this.opts.pluginDir, a.pods);
    for (const e of errors) this.opts.log?.(`lab: ${e}`);
    const created = this.state.namespaces.filter((n) => n.startsWith(`cnb-${a.plan.runId}-`));
    await destroyNamespaces(this.run, created);
    this.state.namespaces = this.state.namespaces.filter((n) => !created.includes(n));
    await saveState(this.stateDir, this.state);
  }

  async teardown(): Promise<void> {
    await this.teardownScenario();
    await destroyNamespaces(this.run, this.state.namespaces);
    for (const d of this.state.dirs) await rm(d, { recursive: true, force: true });
    await removeState(this.stateDir, this.opts.runId);
  }

  private mustActive(): Active {
    if (!this.active) throw new CnibenchError('INTERNAL', 'no lab scenario is prepared');
    return this.active;
  }

  private netnsOf(e: Endpoint): string {
    const ns = this.mustActive().endpoints.get(e.id);
    if (!ns) throw new CnibenchError('INTERNAL', `unknown lab endpoint ${e.id}`);
    return ns;
  }

  /** A ClusterIP-style virtual IP on node1, DNAT to the server pod, as kube-proxy's iptables mode does. */
  private async ensureService(a: Active, backend: string): Promise<void> {
    if (a.serviceReady) return;
    await installVipDnat(this.run, a.plan.nodes[0]!.netns, a.plan.serviceIp, backend);
    a.serviceReady = true;
  }
}
