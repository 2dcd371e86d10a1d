import { CnibenchError } from '../../model/errors.js';
import { describeExit, ok, tail, type Runner } from '../../exec/runner.js';
import type { DaemonSet, KubeApi, VersionInfo } from './api/index.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs a scenario's `setup` shell command; a failure names the command and shows its output. */
export async function runSetupCommand(
  runner: Runner,
  scenario: string,
  command: string,
  env: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const r = await runner(['sh', '-c', command], { timeoutMs, env, signal });
  if (signal.aborted)
    throw new CnibenchError('INTERRUPTED', `interrupted during the setup of scenario ${scenario}`);
  if (!ok(r)) {
    throw new CnibenchError(
      'SETUP_COMMAND_FAILED',
      `setup command of scenario ${scenario} failed (${describeExit(r)}): ${command}`,
      {
        hint: 'run the command by hand to see what it needs; raise `waitTimeout` if it is just slow',
        details: tail(`${r.stdout}\n${r.stderr}`, 20),
      },
    );
  }
}

/** Waits until the API server answers (after a setup command that may have restarted it). */
export async function waitForApi(api: KubeApi, timeoutMs: number, signal: AbortSignal): Promise<VersionInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await api.get<VersionInfo>('/version', { signal, retries: 0, timeoutMs: 10_000 });
    } catch (e) {
      if (
        !(e instanceof CnibenchError) ||
        e.code !== 'K8S_UNREACHABLE' ||
        Date.now() > deadline ||
        signal.aborted
      )
        throw e;
      await sleep(1000);
    }
  }
}

/** Why a DaemonSet's rollout is not complete, or undefined when it is. */
export function rolloutPending(ds: DaemonSet): string | undefined {
  const s = ds.status ?? {};
  const want = s.desiredNumberScheduled ?? 0;
  if ((s.observedGeneration ?? 0) < (ds.metadata.generation ?? 0))
    return 'new spec not yet observed by the controller';
  if ((s.updatedNumberScheduled ?? 0) < want)
    return `${s.updatedNumberScheduled ?? 0} of ${want} pods updated`;
  if ((s.numberAvailable ?? 0) < want) return `${s.numberAvailable ?? 0} of ${want} pods available`;
  return undefined;
}

/** Waits for the rollout of each `namespace/name` DaemonSet, like `kubectl rollout status`. */
export async function waitForRollouts(
  api: KubeApi,
  names: readonly string[],
  timeoutMs: number,
  signal: AbortSignal,
  log: (m: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const full of names) {
    const [ns, name] = full.split('/') as [string, string];
    let last = 'not read yet';
    log(`waiting for the rollout of DaemonSet ${full}`);
    for (;;) {
      if (signal.aborted)
        throw new CnibenchError('INTERRUPTED', `interrupted while waiting for DaemonSet ${full}`);
      try {
        const ds = await api.get<DaemonSet>(`/apis/apps/v1/namespaces/${ns}/daemonsets/${name}`, { signal });
        const pending = rolloutPending(ds);
        if (pending === undefined) break;
        last = pending;
      } catch (e) {
        if (!(e instanceof CnibenchError) || !['K8S_NOT_FOUND', 'K8S_UNREACHABLE'].includes(e.code)) throw e;
        last = e.code === 'K8S_NOT_FOUND' ? 'the DaemonSet does not exist (yet)' : 'API server unreachable';
      }
      if (Date.now() > deadline) {
        throw new CnibenchError(
          'K8S_WAIT_EXPIRED',
          `timed out after ${Math.round(timeoutMs / 1000)} s waiting for the rollout of DaemonSet ${full}: ${last}`,
          {
            hint: "check the DaemonSet's pods (image pulls, crash loops); raise the scenario's `waitTimeout` if it is just slow",
          },
        );
      }
      await sleep(2000);
    }
  }
}
