import { CnibenchError } from '../../../model/errors.js';
import type { CommandResult } from '../../../exec/runner.js';
import { SessionDelegate } from '../../session-delegate.js';
import type { Endpoint, ExecOptions, ScenarioSession, ServerHandle, ServerOptions } from '../../target.js';
import type { PodShell } from './pod-shell.js';
import { shellExec, shellServer } from './shell-commands.js';

/**
 * The scenario's session for the mesh pods: commands and servers go through each pod's shell
 * (one exec connection per pod for the whole mesh); everything else is the scenario's own.
 */
export class KubeMeshSession extends SessionDelegate {
  private servers = 0;

  constructor(
    base: ScenarioSession,
    private readonly shells: ReadonlyMap<string, PodShell>,
  ) {
    super(base);
  }

  override exec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult> {
    return shellExec(this.shellOf(endpoint), argv, opts);
  }
  override startServer(
    endpoint: Endpoint,
    argv: readonly string[],
    opts: ServerOptions,
  ): Promise<ServerHandle> {
    return shellServer(this.shellOf(endpoint), `s${++this.servers}`, argv, opts);
  }
  override close(): Promise<void> {
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
