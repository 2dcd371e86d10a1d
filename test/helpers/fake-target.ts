import type { CommandResult } from '../../src/exec/runner.js';
import type { Environment } from '../../src/model/environment.js';
import type { Placement } from '../../src/model/placement.js';
import type { Capability, Support } from '../../src/model/capabilities.js';
import type {
  Endpoint,
  PlacementSupport,
  PreparedPath,
  ProgrammedServices,
  ResolverInfo,
  ResourceProbe,
  ScenarioRef,
  ScenarioSession,
  ServerHandle,
  Target,
} from '../../src/targets/target.js';

/** Answers for commands, by program name; unknown commands fail with exit 127. */
export type Script = (
  argv: readonly string[],
  where: Endpoint,
  scenario: string,
) => Partial<CommandResult> | Promise<Partial<CommandResult>>;

const done = (r: Partial<CommandResult>): CommandResult => ({
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  durationMs: 1,
  timedOut: false,
  ...r,
});

/** A Target that runs nothing: commands are answered from a script, for engine and measurement tests. */
export class FakeTarget implements Target {
  readonly kind = 'lab' as const;
  readonly calls: { argv: readonly string[]; where: string; scenario: string }[] = [];
  readonly torn: string[] = [];
  /** Scenarios opened, in order. */
  readonly opened: string[] = [];
  failScenario: string | undefined;
  failPlacement: Placement | undefined;
  /** Capabilities the fake's scenarios lack, with the reason. */
  lacking: Partial<Record<Capability, string>> = {};

  constructor(private readonly script: Script) {}

  /** Interleave every scenario (the lab's way); `blocks` makes each scenario its own group. */
  blocks = false;

  groups(scenarios: readonly ScenarioRef[]): { scenarios: ScenarioRef[]; why: string }[] {
    return this.blocks
      ? scenarios.map((s) => ({ scenarios: [s], why: 'fake: blocks' }))
      : [{ scenarios: [...scenarios], why: 'fake: interleaved' }];
  }

  async openScenario(s: ScenarioRef): Promise<ScenarioSession> {
    if (s.name === this.failScenario) throw new Error(`scenario ${s.name} cannot be built`);
    this.opened.push(s.name);
    return new FakeSession(this, s.name);
  }

  async teardown(): Promise<void> {
    this.torn.push('all');
  }

  answer(
    argv: readonly string[],
    where: Endpoint,
    scenario: string,
  ): Promise<Partial<CommandResult>> | Partial<CommandResult> {
    return this.script(argv, where, scenario);
  }
}

class FakeSession implements ScenarioSession {
  readonly environment: Environment = { fake: true };

  constructor(
    private readonly t: FakeTarget,
    readonly scenario: string,
  ) {}

  placements(): PlacementSupport {
    return {
      supported: ['same-node', 'cross-node', 'host'],
      unsupported: [{ placement: 'service', reason: 'fake has no service' }],
    };
  }
  supports(c: Capability): Support {
    const why = this.t.lacking[c];
    return why === undefined ? true : { reason: why };
  }
  async preparePath(placement: Placement): Promise<PreparedPath> {
    if (placement === this.t.failPlacement) throw new Error(`${placement} is not reachable`);
    const ep = (id: string, address: string): Endpoint => ({ id, node: id, address, mtu: 1500 });
    return {
      placement,
      client: ep('client', '10.0.0.1'),
      server: ep('server', '10.0.0.2'),
      serverAddress: '10.0.0.2',
      pathMtu: 1500,
    };
  }
  async exec(endpoint: Endpoint, argv: readonly string[]): Promise<CommandResult> {
    this.t.calls.push({ argv, where: endpoint.id, scenario: this.scenario });
    return done(await this.t.answer(argv, endpoint, this.scenario));
  }
  async startServer(endpoint: Endpoint, argv: readonly string[]): Promise<ServerHandle> {
    this.t.calls.push({ argv, where: endpoint.id, scenario: this.scenario });
    return { stop: async () => done({ stdout: 'server done' }) };
  }
  async resolver(): Promise<ResolverInfo> {
    return { server: '10.0.0.53', name: 'server.fake.local', expect: '10.0.0.2' };
  }
  async programServices(): Promise<ProgrammedServices> {
    return { address: '10.0.0.99', rules: 1, mode: 'fake', remove: async () => undefined };
  }
  async startResourceProbe(): Promise<ResourceProbe> {
    return {
      stop: async () => ({
        metrics: { softirq_cpu_pct: { value: 12, unit: '%' } },
        absent: [],
        source: 'fake',
      }),
    };
  }
  async close(): Promise<void> {
    this.t.torn.push(`scenario ${this.scenario}`);
  }
}
