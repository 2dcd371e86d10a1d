import { Writable, type Readable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { CnibenchError } from '../../../model/errors.js';
import type { CommandResult } from '../../../exec/runner.js';
import type { ExecRequest } from './options.js';

/** A command running in a container; its output so far, and its result once it ends. */
export interface ExecStream {
  stdout(): string;
  stderr(): string;
  readonly done: Promise<CommandResult>;
  /** Closes the connection (the command may keep running in the container). */
  close(): void;
}

/** The open exec connection, as the client library returns it. */
export type ExecSocket = Awaited<ReturnType<Exec['exec']>>;

const MAX_CAPTURE = 16 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 30_000;

function sink(onData: (b: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      onData(chunk);
      cb();
    },
  });
}

/** Exit code from the exec status channel: Success is 0, NonZeroExitCode carries the code. */
export function exitCodeOf(status: V1Status): { code: number | null; note?: string } {
  if (status.status === 'Success') return { code: 0 };
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (cause?.message !== undefined && /^\d+$/.test(cause.message)) return { code: Number(cause.message) };
  const msg = status.message ?? 'exec failed';
  return { code: /not found|no such file/i.test(msg) ? 127 : 126, note: msg };
}

export function connectError(e: unknown, r: ExecRequest): CnibenchError {
  const msg = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  const where = `exec in pod ${r.pod} (namespace ${r.namespace})`;
  const m = /Unexpected server response: (\d+)/.exec(msg);
  const code = m ? Number(m[1]) : 0;
  if (code === 403 || code === 401) {
    return new CnibenchError('K8S_FORBIDDEN', `not allowed: ${where}: HTTP ${code}`, {
      hint: 'grant "create" on pods/exec (and "get" on pods/exec for Kubernetes < 1.30): see deploy/rbac.yaml',
    });
  }
  if (code === 404) {
    return new CnibenchError('K8S_NOT_FOUND', `${where}: the pod or container is gone (HTTP 404)`, {
      hint: "something deleted the run's pods; run again",
    });
  }
  return new CnibenchError(code > 0 ? 'K8S_API' : 'K8S_UNREACHABLE', `${where} could not start: ${msg}`, {
    hint: "check the API server and that the kubelet on the pod's node is reachable from it",
  });
}

/** The exec WebSocket, opened within a bound; a failure to open names the pod and the fix. */
export async function connectExec(
  kc: KubeConfig,
  r: ExecRequest,
  io: { stdout: Writable; stderr: Writable; stdin: Readable | null },
  onStatus: (s: V1Status) => void,
): Promise<ExecSocket> {
  let connectTimer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Exec(kc).exec(
      r.namespace,
      r.pod,
      r.container,
      [...r.argv],
      io.stdout,
      io.stderr,
      io.stdin,
      false,
      onStatus,
    ),
    new Promise<never>((_, reject) => {
      connectTimer = setTimeout(
        () => reject(new Error(`no WebSocket connection within ${CONNECT_TIMEOUT_MS / 1000} s`)),
        Math.min(CONNECT_TIMEOUT_MS, r.timeoutMs),
      );
    }),
  ])
    .catch((e: unknown) => {
      throw connectError(e, r);
    })
    .finally(() => clearTimeout(connectTimer));
}

/** Starts a command through the exec API (WebSocket) and collects its output. */
export async function startInPod(kc: KubeConfig, r: ExecRequest): Promise<ExecStream> {
  const started = Date.now();
  let out = '';
  let err = '';
  let status: V1Status | undefined;
  let timedOut = false;
  const stdout = sink(r.onStdout ?? ((b) => void (out.length < MAX_CAPTURE && (out += b.toString('utf8')))));
  const stderr = sink((b) => void (err.length < MAX_CAPTURE && (err += b.toString('utf8'))));
  const stdin = (r.stdin ?? null) as Readable | null;
  const ws = await connectExec(kc, r, { stdout, stderr, stdin }, (s) => (status = s));
  const done = new Promise<CommandResult>((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      r.signal?.removeEventListener('abort', onAbort);
      let exitCode: number | null = null;
      if (status !== undefined) {
        const x = exitCodeOf(status);
        exitCode = x.code;
        if (x.note !== undefined) err += (err === '' ? '' : '\n') + x.note;
      } else if (!timedOut) {
        err +=
          (err === '' ? '' : '\n') +
          '[cnibench] the exec connection closed before the command reported its exit status';
      }
      resolve({
        exitCode,
        signal: null,
        stdout: out,
        stderr: err,
        durationMs: Date.now() - started,
        timedOut,
      });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      ws.close();
    }, r.timeoutMs);
    const onAbort = (): void => ws.close();
    r.signal?.addEventListener('abort', onAbort, { once: true });
    if (r.signal?.aborted) onAbort();
    ws.on('close', finish);
    ws.on('error', () => undefined);
  });
  return { stdout: () => out, stderr: () => err, done, close: () => ws.close() };
}

/** Runs a command to completion through the exec API. */
export async function execInPod(kc: KubeConfig, r: ExecRequest): Promise<CommandResult> {
  const s = await startInPod(kc, r);
  return s.done;
}
