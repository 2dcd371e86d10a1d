import { CnibenchError } from '../../../model/errors.js';
import type { CommandResult } from '../../../exec/runner.js';
import type { Capability, Support } from '../../../model/capabilities.js';
import type { Environment } from '../../../model/environment.js';
import type { Placement } from '../../../model/placement.js';
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
} from '../../target.js';
import type { PodShell } from './pod-shell.js';
import { shellExec, shellServer } from './shell-commands.js';

/**
 * The scenario's session for the mesh pods: commands and servers go through each pod's shell
 * (one exec connection per pod for the whole mesh); everything else is the scenario's own.
 */
export class KubeMeshSession implements ScenarioSession {
  readonly scenario: string;
  readonly environment: Environment;
  private servers = 0;

  constructor(
    private readonly base: ScenarioSession,
    private readonly shells: ReadonlyMap<string, PodShell>,
  ) {
    this.scenario = base.scenario;
    this.environment = base.environment;
  }

  placements(): PlacementSupport {
    return this.base.placements();
  }
  supports(capability: Capability): Support {
    return this.base.supports(capability);
  }
  preparePath(placement: Placement, signal: AbortSignal): Promise<PreparedPath> {
    return this.base.preparePath(placement, signal);
  }
  exec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult> {
    return shellExec(this.shellOf(endpoint), argv, opts);
  }
  startServer(endpoint: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle> {
    return shellServer(this.shellOf(endpoint), `s${++this.servers}`, argv, opts);
  }
  resolver(path: PreparedPath, signal: AbortSignal): Promise<ResolverInfo> {
    return this.base.resolver(path, signal);
  }
  programServices(
    path: PreparedPath,
    request: ServicesRequest,
    signal: AbortSignal,
  ): Promise<ProgrammedServices> {
    return this.base.programServices(path, request, signal);
  }
  startResourceProbe(path: PreparedPath): Promise<ResourceProbe> {
    return this.base.startResourceProbe(path);
  }
  close(): Promise<void> {
    for (const s of this.shells.values()) s.close();
    return Promise.resolve();
  }

  private shellOf(e: Endpoint): PodShell {
    const s = this.shells.get(e.id);
    if (s === undefined)
      throw new CnibenchError('INTERNAL', `endpoint ${e.id} is not one of the mesh's pods`);
    return s;
  }
}
