import { CnibenchError } from '../../model/errors.js';
import type { CommandResult } from '../../exec/runner.js';
import type { KubeApi } from './api/index.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Tries of `/version` (3 s each, 1 s apart) before a cluster that stopped answering counts as lost. */
const TRIES = 4;

/** An exec whose connection dropped (the command's fate unknown): worth asking whether the cluster is still there. */
function connectionLost(r: CommandResult): boolean {
  return r.exitCode === null && !r.timedOut && /\[cnibench\] (the exec connection|no result)/.test(r.stderr);
}

/**
 * Tells a cluster that went away from a request that failed: after a failure to reach the API
 * server, asks `/version` a few times; when that fails too, every later call fails at once with
 * TARGET_LOST, which ends the run (saved as failed) instead of failing each remaining step.
 */
export class Liveness {
  private lost: CnibenchError | undefined;

  constructor(
    private readonly api: KubeApi,
    private readonly scenario: string,
  ) {}

  async guard<T>(fn: () => Promise<T>): Promise<T> {
    if (this.lost !== undefined) throw this.lost;
    let out: T;
    try {
      out = await fn();
    } catch (e) {
      if (e instanceof CnibenchError && e.code === 'K8S_UNREACHABLE' && !(await this.alive()))
        throw this.markLost(e.message);
      throw e;
    }
    if (isResult(out) && connectionLost(out) && !(await this.alive())) throw this.markLost(out.stderr.trim());
    return out;
  }

  private async alive(): Promise<boolean> {
    for (let i = 0; i < TRIES; i++) {
      try {
        await this.api.get('/version', { retries: 0, timeoutMs: 3000 });
        return true;
      } catch {
        if (i < TRIES - 1) await sleep(1000);
      }
    }
    return false;
  }

  private markLost(why: string): CnibenchError {
    this.lost = new CnibenchError(
      'TARGET_LOST',
      `lost the cluster of scenario ${this.scenario}: the API server ${this.api.server} stopped answering (${why})`,
      {
        hint: 'what was measured before is saved; check the cluster, then run again and `cnibench cleanup --target kubernetes`',
      },
    );
    return this.lost;
  }
}

function isResult(v: unknown): v is CommandResult {
  return typeof v === 'object' && v !== null && 'exitCode' in v && 'stderr' in v;
}
