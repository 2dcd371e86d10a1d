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

/** An exec that could not even start (so retrying it is safe): refused upgrade, 5xx, no route. */
function execNotStarted(e: unknown): e is CnibenchError {
  return (
    e instanceof CnibenchError &&
    (e.code === 'K8S_API' || e.code === 'K8S_UNREACHABLE') &&
    /could not start/.test(e.message)
  );
}

/**
 * Tells a cluster that went away from a request that failed. When the API server stops
 * answering `/version`, or an exec still cannot start after two more tries a second apart (the
 * pod's node is gone), every later call fails at once with TARGET_LOST, which ends the run
 * (saved as failed) instead of failing each remaining step one by one.
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
        throw this.markLost(`the API server ${this.api.server} stopped answering (${e.message})`);
      if (!execNotStarted(e)) throw e;
      return this.retry(fn, e);
    }
    if (isResult(out) && connectionLost(out) && !(await this.alive()))
      throw this.markLost(`the API server ${this.api.server} stopped answering (${out.stderr.trim()})`);
    return out;
  }

  /** An exec that could not start: tried twice more, a second apart, then the node counts as lost. */
  private async retry<T>(fn: () => Promise<T>, first: CnibenchError): Promise<T> {
    let last = first;
    for (let i = 0; i < 2; i++) {
      await sleep(1000);
      try {
        return await fn();
      } catch (e) {
        if (!execNotStarted(e)) throw e;
        last = e;
      }
    }
    const api = (await this.alive()) ? '' : `; the API server ${this.api.server} stopped answering`;
    throw this.markLost(`${last.message} (3 tries)${api}`);
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
    this.lost = new CnibenchError('TARGET_LOST', `lost the cluster of scenario ${this.scenario}: ${why}`, {
      hint: 'what was measured before is saved; check the cluster and its nodes (`cnibench doctor --target kubernetes`), then run again; `cnibench cleanup --target kubernetes` removes what is left',
    });
    return this.lost;
  }
}

function isResult(v: unknown): v is CommandResult {
  return typeof v === 'object' && v !== null && 'exitCode' in v && 'stderr' in v;
}
