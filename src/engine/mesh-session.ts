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
} from '../targets/target.js';

/**
 * The session measurements see during a mesh: the target's mesh session, except that no
 * resource probe runs. Several tests run at once, so a probe of the datapath's CPU would add
 * them all up and say nothing about one pair (and on Kubernetes cost API calls per test).
 */
export class MeshMeasureSession implements ScenarioSession {
  readonly scenario: string;
  readonly environment: Environment;
  readonly ports?: { first: number; count: number };

  constructor(private readonly inner: ScenarioSession) {
    this.scenario = inner.scenario;
    this.environment = inner.environment;
    if (inner.ports !== undefined) this.ports = inner.ports;
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
  startResourceProbe(_path: PreparedPath): Promise<ResourceProbe> {
    // runRepetition leaves `resources` out when the probe cannot start
    return Promise.reject(new Error('no resource probe during a mesh: tests run side by side'));
  }
  close(): Promise<void> {
    return Promise.resolve(); // the scenario's own session closes it
  }
}
