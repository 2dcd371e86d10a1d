import type { CommandResult } from '../../src/exec/runner.js';
import type { Placement } from '../../src/measure/placement.js';
import type {
  Endpoint,
  Environment,
  PreparedPath,
  ResolverInfo,
  ResourceProbe,
  ServerHandle,
  Target,
} from '../../src/targets/target.js';
import type { ScenarioConfig } from '../../src/config/schema.js';

/** Answers for commands, by program name; unknown commands fail with exit 127. */
export type Script = (
  argv: readonly string[],
  where: Endpoint,
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
  readonly calls: { argv: readonly string[]; where: string }[] = [];
  readonly torn: string[] = [];
  failScenario: string | undefined;
  failPlacement: Placement | undefined;

  constructor(private readonly script: Script) {}

  async prepareScenario(s: ScenarioConfig): Promise<Environment> {
    if (s.name === this.failScenario) throw new Error(`scenario ${s.name} cannot be built`);
    return { fake: true };
  }
  placements(): { supported: Placement[]; unsupported: { placement: Placement; reason: string }[] } {
    return {
      supported: ['same-node', 'cross-node', 'host'],
      unsupported: [{ placement: 'service', reason: 'fake has no service' }],
    };
  }
  async preparePath(placement: Placement): Promise<PreparedPath> {
    if (placement === this.failPlacement) throw new Error(`${placement} is not reachable`);
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
    this.calls.push({ argv, where: endpoint.id });
    return done(await this.script(argv, endpoint));
  }
  async startServer(endpoint: Endpoint, argv: readonly string[]): Promise<ServerHandle> {
    this.calls.push({ argv, where: endpoint.id });
    return { stop: async () => done({ stdout: 'server done' }) };
  }
  async resolver(): Promise<ResolverInfo> {
    return { server: '10.0.0.53', name: 'server.fake.local', expect: '10.0.0.2' };
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
  async teardownScenario(): Promise<void> {
    this.torn.push('scenario');
  }
  async teardown(): Promise<void> {
    this.torn.push('all');
  }
}
