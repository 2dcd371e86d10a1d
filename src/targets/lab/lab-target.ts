import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CnibenchError } from '../../model/errors.js';
import { runCommand, spawnProcess, type Runner, type Spawner } from '../../exec/runner.js';
import type { Environment } from '../../model/environment.js';
import type { ScenarioRef, ScenarioSession, Target } from '../target.js';
import { destroyNamespaces } from './destroy.js';
import { detectFeatures } from './features.js';
import { makePlan, planNamespaces, type LabPlan } from './plan.js';
import { profileSupport } from './preflight.js';
import { profileNamed, type LabProfile } from './profiles/index.js';
import { LabScenario } from './schema.js';
import { LabSession } from './lab-session.js';
import { applyScenarioPolicies } from './policies.js';
import { StateStore } from './state-store.js';
import { buildLab, type BuiltLab } from './topology.js';
import { versions } from './versions.js';
import { parseScenario } from '../scenario-parse.js';

export interface LabTargetOptions {
  runId: string;
  pluginDir: string;
  stateDir?: string;
  run?: Runner;
  spawn?: Spawner;
  log?: (msg: string) => void;
}

/**
 * The local lab (SPEC section 7). Each scenario gets its own namespaces (`cnb-<run>-s<n>-*`),
 * so several can be built at once; everything is recorded in the state file first.
 */
export class LabTarget implements Target {
  readonly kind = 'lab' as const;
  private readonly run: Runner;
  private readonly spawn: Spawner;
  private readonly store: StateStore;
  private readonly workDir: string;
  private readonly sessions = new Set<LabSession>();
  private scenarioCount = 0;

  constructor(private readonly opts: LabTargetOptions) {
    this.run = opts.run ?? runCommand;
    this.spawn = opts.spawn ?? spawnProcess;
    this.store = new StateStore(opts.runId);
    // `stateDir` moves the run's working files (IPAM, datapath); its record stays in the registry.
    this.workDir = resolve(opts.stateDir ?? this.store.dir, `lab-${opts.runId}`);
  }

  /** Every lab scenario has its own namespaces: all are built together and interleaved. */
  groups(scenarios: readonly ScenarioRef[]): { scenarios: ScenarioRef[]; why: string }[] {
    return scenarios.length === 0
      ? []
      : [
          {
            scenarios: [...scenarios],
            why: 'lab scenarios have their own namespaces and are built together',
          },
        ];
  }

  async openScenario(ref: ScenarioRef, signal: AbortSignal): Promise<ScenarioSession> {
    const scenario = parseScenario(LabScenario, ref, 'lab');
    if (process.getuid?.() !== 0) {
      throw new CnibenchError('NOT_ROOT', 'the lab target needs root to create network namespaces', {
        hint: 'run with sudo, or check prerequisites with `cnibench doctor`',
      });
    }
    const profile = profileNamed(scenario.profile);
    await this.checkSupported(profile);
    this.scenarioCount += 1;
    const plan = makePlan(`${this.opts.runId}-s${this.scenarioCount}`, {
      nodes: scenario.nodes,
      zones: scenario.zones?.count,
    });
    const pluginDir = scenario.pluginDir ?? this.opts.pluginDir;
    const ipamDir = join(this.workDir, `ipam-${this.scenarioCount}`);
    this.opts.log?.(
      `lab: building ${scenario.name} (${profile.name}, ${plan.nodes.length} nodes, MTU ${scenario.mtu}${scenario.linkRate ? `, link ${scenario.linkRate}` : ''})`,
    );
    let built: BuiltLab | undefined;
    const started = Date.now();
    try {
      built = await this.build(scenario, profile, plan, pluginDir, ipamDir);
      const policyFacts = await applyScenarioPolicies(
        this.run,
        scenario.policies,
        [plan.pods.sameNodeServer.netns, plan.pods.crossNodeServer.netns],
        built.pods[0]!.address,
      );
      const setupS = Math.round((Date.now() - started) / 10) / 100;
      if (signal.aborted) throw new CnibenchError('INTERRUPTED', 'interrupted');
      const nat = (await detectFeatures(this.run))['iptables-nat'];
      const session = new LabSession({
        scenario,
        profile,
        plan,
        pods: built.pods,
        environment: {
          ...(await this.environment(scenario, profile, plan, pluginDir, built.podMtu)),
          setup_s: setupS,
          ...policyFacts,
        },
        pluginDir,
        ipamDir,
        podMtu: built.podMtu,
        workDir: this.workDir,
        ...(nat.ok ? {} : { serviceUnsupported: `needs iptables NAT in a namespace: ${nat.detail}` }),
        run: this.run,
        spawn: this.spawn,
        store: this.store,
        ...(this.opts.log ? { log: this.opts.log } : {}),
      });
      this.sessions.add(session);
      return session;
    } catch (e) {
      // a scenario that could not be built leaves nothing behind
      const mine = new Set(planNamespaces(plan));
      const created = this.store.namespaces.filter((n) => mine.has(n));
      await destroyNamespaces(this.run, created);
      await this.store.removeNamespaces(created);
      throw e;
    }
  }

  async teardown(): Promise<void> {
    for (const s of [...this.sessions]) await s.close();
    this.sessions.clear();
    await destroyNamespaces(this.run, this.store.namespaces);
    for (const d of this.store.dirs) await rm(d, { recursive: true, force: true });
    await this.store.remove();
  }

  private async checkSupported(profile: LabProfile): Promise<void> {
    const support = profileSupport(await detectFeatures(this.run)).find((p) => p.name === profile.name);
    if (support !== undefined && !support.supported) {
      throw new CnibenchError(
        'PROFILE_UNSUPPORTED',
        `profile ${profile.name} cannot run on this kernel: ${support.reason}`,
        { hint: 'see `cnibench profiles` for the profiles this kernel supports' },
      );
    }
  }

  private async build(
    scenario: LabScenario,
    profile: LabProfile,
    plan: LabPlan,
    pluginDir: string,
    ipamDir: string,
  ): Promise<BuiltLab> {
    await this.store.addDir(this.workDir);
    await mkdir(ipamDir, { recursive: true, mode: 0o700 });
    return buildLab({
      run: this.run,
      plan,
      profile,
      scenario,
      pluginDir,
      ipamDir,
      onNamespace: (ns) => this.store.addNamespace(ns),
    });
  }

  private async environment(
    scenario: LabScenario,
    profile: LabProfile,
    plan: LabPlan,
    pluginDir: string,
    podMtu: number,
  ): Promise<Environment> {
    return {
      profile: profile.name,
      profile_description: profile.description,
      fabric_mtu: scenario.mtu,
      pod_mtu: podMtu,
      link_rate: scenario.linkRate ?? 'unshaped',
      nodes: plan.nodes.length,
      ...zoneFacts(scenario, plan),
      cni_plugins: `${profile.plugins.join('+')} from ${pluginDir}`,
      ...(await versions(this.run)),
    };
  }
}

/** Zones and per-node link rates, when the scenario has them (absent otherwise: 2-node results stay as they were). */
function zoneFacts(scenario: LabScenario, plan: LabPlan): Environment {
  const out: Environment = {};
  if (plan.zones.length > 0) {
    out.zones = plan.zones
      .map(
        (z) =>
          `${z}: ${plan.nodes
            .filter((n) => n.zone === z)
            .map((n) => n.name)
            .join(' ')}`,
      )
      .join('; ');
    const z = scenario.zones;
    out.zone_link = [z?.rate ?? 'unshaped', z?.delay !== undefined ? `+${z.delay * 1000} ms each way` : '']
      .filter((x) => x !== '')
      .join(', ');
  }
  if (scenario.nodeLinks !== undefined && scenario.nodeLinks.length > 0)
    out.node_links = scenario.nodeLinks
      .map((l) => `${l.nodes.map((n) => `node${n}`).join(' ')}: ${l.rate}`)
      .join('; ');
  return out;
}
