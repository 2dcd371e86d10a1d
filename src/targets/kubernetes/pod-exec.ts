import { randomBytes } from 'node:crypto';
import { CnibenchError } from '../../model/errors.js';
import { tail, type CommandResult } from '../../exec/runner.js';
import type { ExecOptions, ServerHandle, ServerOptions } from '../target.js';
import type { KubeApi } from './api/index.js';
import { CONTAINER } from './manifests.js';

/** Longest a background server may live in a pod, in case cnibench dies without stopping it. */
export const SERVER_MAX_LIFETIME_S = 3600;
const GRACE_S = 2;

/** Commands and servers in one pod's tools container. */
export interface PodExec {
  /** `agent`: through the pod's long-lived exec agent; `direct`: one exec per command. */
  readonly mode: 'agent' | 'direct';
  exec(argv: readonly string[], opts: ExecOptions): Promise<CommandResult>;
  startServer(argv: readonly string[], opts: ServerOptions): Promise<ServerHandle>;
  close(): void;
}

/** One exec (WebSocket) per command: works with any image that has `sh` and `timeout`. */
export function directExec(api: KubeApi, ns: string, pod: string): PodExec {
  return {
    mode: 'direct',
    exec: (argv, opts) => execIn(api, ns, pod, argv, opts),
    startServer: (argv, opts) => startServerIn(api, ns, pod, argv, opts),
    close: () => undefined,
  };
}

/** The failure of a server that ended or never printed what shows it is ready. */
export function serverNotReady(
  what: string,
  ended: boolean,
  opts: ServerOptions,
  output: string,
): CnibenchError {
  const why = ended ? 'it ended before it was ready' : `not ready after ${opts.readyTimeoutMs / 1000} s`;
  return new CnibenchError('SERVER_START_FAILED', `server ${what}: ${why}`, {
    hint: 'the tools image must contain the server program; see images/tools/Dockerfile',
    details: tail(output),
  });
}

/**
 * argv wrapped so the command also stops inside the container when its time is up
 * (coreutils `timeout`), with `input` fed on stdin through the shell.
 */
export function wrapArgv(argv: readonly string[], timeoutMs: number, input?: string): string[] {
  const secs = Math.max(1, Math.ceil(timeoutMs / 1000));
  const base = ['timeout', '-k', String(GRACE_S), String(secs)];
  if (input === undefined) return [...base, ...argv];
  return [...base, 'sh', '-c', 'printf %s "$0" | "$@"', input, ...argv];
}

/** Runs a command in one of the run's pods with a timeout; the result is data. */
export async function execIn(
  api: KubeApi,
  ns: string,
  pod: string,
  argv: readonly string[],
  opts: ExecOptions,
): Promise<CommandResult> {
  const r = await api.exec({
    namespace: ns,
    pod,
    container: CONTAINER,
    argv: wrapArgv(argv, opts.timeoutMs, opts.input),
    timeoutMs: opts.timeoutMs + (GRACE_S + 3) * 1000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  // exit 124 is `timeout` saying it had to stop the command
  if (r.exitCode === 124 && r.durationMs >= opts.timeoutMs - 500) return { ...r, timedOut: true };
  return r;
}

// unref'd: a pending grace timer must not keep the process alive after the server ended
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

/**
 * Starts a long-running server through exec. Its PID goes to a file in the container, so
 * `stop` can signal it; resolves when `readyPattern` appears in its output.
 */
export async function startServerIn(
  api: KubeApi,
  ns: string,
  pod: string,
  argv: readonly string[],
  opts: ServerOptions,
): Promise<ServerHandle> {
  const pidFile = `/tmp/cnibench-${randomBytes(4).toString('hex')}.pid`;
  const stream = await api.startExec({
    namespace: ns,
    pod,
    container: CONTAINER,
    argv: [
      'timeout',
      '-k',
      String(GRACE_S),
      String(SERVER_MAX_LIFETIME_S),
      'sh',
      '-c',
      'echo $$ > "$0"; exec "$@"',
      pidFile,
      ...argv,
    ],
    timeoutMs: (SERVER_MAX_LIFETIME_S + 10) * 1000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  let ended: CommandResult | undefined;
  void stream.done.then((r) => (ended = r));
  const deadline = Date.now() + opts.readyTimeoutMs;
  const what = `${argv.join(' ')} in pod ${pod} (namespace ${ns})`;
  for (;;) {
    if (opts.readyPattern === undefined) {
      await sleep(Math.min(500, opts.readyTimeoutMs));
      if (ended === undefined) break;
    } else if (opts.readyPattern.test(stream.stdout()) || opts.readyPattern.test(stream.stderr())) break;
    if (ended !== undefined || Date.now() > deadline || opts.signal?.aborted) {
      stream.close();
      throw serverNotReady(what, ended !== undefined, opts, `${stream.stdout()}\n${stream.stderr()}`);
    }
    await sleep(50);
  }
  let stopping: Promise<CommandResult> | undefined;
  const kill = (sig: string): Promise<CommandResult> =>
    api.exec({
      namespace: ns,
      pod,
      container: CONTAINER,
      argv: ['sh', '-c', `[ -f "$0" ] && kill -${sig} "$(cat "$0")" 2>/dev/null; true`, pidFile],
      timeoutMs: 15_000,
    });
  const stop = async (): Promise<CommandResult> => {
    if (ended === undefined) {
      await kill('TERM').catch(() => undefined);
      const t = await Promise.race([stream.done, sleep(5000).then(() => undefined)]);
      if (t === undefined) {
        await kill('KILL').catch(() => undefined);
        await Promise.race([stream.done, sleep(3000)]);
        stream.close();
      }
    }
    return stream.done;
  };
  return {
    stop: () => (stopping ??= stop()),
  };
}
