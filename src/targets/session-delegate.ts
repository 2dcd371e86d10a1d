import type { CommandResult } from '../exec/runner.js';
import type { Capability, Support } from '../model/capabilities.js';
import type { Environment } from '../model/environment.js';
import type { Placement } from '../model/placement.js';
import type {
  Endpoint,
  ExecOptions,
  PlacementSupport,
  PreparedPath,
  ProgrammedServices,
  ResolverInfo,
  ResourceProbe,
  ScenarioSession,
  ServerHandle,
  ServerOptions,
  ServicesRequest,
} from './target.js';

/**
 * A session that passes every required member to another session; a subclass overrides what
 * it changes. The optional members (policies, attached pods, capability checks, node
 * commands, secondary networks, mesh) and the port range are not passed on: the sessions built on this one serve
 * mesh runs, whose measurements need none of them, and a missing member makes a measurement
 * say the scenario cannot do it rather than act on pods it did not plan for.
 */
export abstract class SessionDelegate implements ScenarioSession {
  readonly scenario: string;
  readonly environment: Environment;

  constructor(protected readonly inner: ScenarioSession) {
    this.scenario = inner.scenario;
    this.environment = inner.environment;
  }

  placements(): PlacementSupport {
    return this.inner.placements();
  }
  supports(capability: Capability): Support {
    return this.inner.supports(capability);
  }
  preparePath(placement: Placement, signal: AbortSignal): Promise<PreparedPath> {
    return this.inner.preparePath(placement, signal);
  }
  exec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult> {
    return this.inner.exec(endpoint, argv, opts);
  }
  startServer(endpoint: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle> {
    return this.inner.startServer(endpoint, argv, opts);
  }
  resolver(path: PreparedPath, signal: AbortSignal): Promise<ResolverInfo> {
    return this.inner.resolver(path, signal);
  }
  programServices(
    path: PreparedPath,
    request: ServicesRequest,
    signal: AbortSignal,
  ): Promise<ProgrammedServices> {
    return this.inner.programServices(path, request, signal);
  }
  startResourceProbe(path: PreparedPath, plannedMs?: number): Promise<ResourceProbe> {
    return this.inner.startResourceProbe(path, plannedMs);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
