import { PassThrough, Writable } from 'node:stream';
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
import type { CommandResult } from '../../../exec/runner.js';
import { connectExec, exitCodeOf } from './exec.js';
import type { ExecRequest } from './options.js';

/**
 * A long-lived command in a container with its stdin open (`kubectl exec -i`): one exec
 * connection that carries many requests (the mesh's pod shells). Output arrives through
 * `onStdout`; stderr is kept (capped); `done` resolves when the connection ends.
 */
export interface ShellConnection {
  write(text: string): void;
  onStdout(listener: (chunk: string) => void): void;
  stderr(): string;
  readonly done: Promise<CommandResult>;
  /** Ends stdin and closes the connection. */
  close(): void;
}

const MAX_STDERR = 64 * 1024;

/** Starts `r.argv` in a container with stdin attached. */
export async function openShellInPod(kc: KubeConfig, r: ExecRequest): Promise<ShellConnection> {
  const started = Date.now();
  const listeners: ((s: string) => void)[] = [];
  let err = '';
  let status: V1Status | undefined;
  const stdout = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const s = chunk.toString('utf8');
      for (const l of listeners) l(s);
      cb();
    },
  });
  const stderr = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (err.length < MAX_STDERR) err += chunk.toString('utf8');
      cb();
    },
  });
  const stdin = new PassThrough();
  const ws = await connectExec(kc, r, { stdout, stderr, stdin }, (s) => (status = s));
  let timedOut = false;
  const done = new Promise<CommandResult>((resolve) => {
    const timer = setTimeout(() => {
      timedOut = true;
      ws.close();
    }, r.timeoutMs);
    const onAbort = (): void => ws.close();
    r.signal?.addEventListener('abort', onAbort, { once: true });
    ws.on('close', () => {
      clearTimeout(timer);
      r.signal?.removeEventListener('abort', onAbort);
      const code = status === undefined ? null : exitCodeOf(status).code;
      resolve({
        exitCode: code,
        signal: null,
        stdout: '',
        stderr: err,
        durationMs: Date.now() - started,
        timedOut,
      });
    });
    ws.on('error', () => undefined);
  });
  return {
    write: (text) => void stdin.write(text),
    onStdout: (l) => void listeners.push(l),
    stderr: () => err,
    done,
    close: () => {
      stdin.end();
      ws.close();
    },
  };
}
