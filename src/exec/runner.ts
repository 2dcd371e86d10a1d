import { spawn } from 'node:child_process';

/** The outcome of a finished command. Failure is data: the caller decides what it means. */
export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** True when the runner killed the command because its timeout expired. */
  timedOut: boolean;
}

export interface RunOptions {
  /** Kill the command (SIGTERM, then SIGKILL after 2 s) when it runs longer than this. Required: every wait has a timeout. */
  timeoutMs: number;
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
  signal?: AbortSignal;
}

/** Runs a command to completion. Never throws for non-zero exits; throws only if the program cannot be started. */
export type Runner = (argv: readonly string[], opts: RunOptions) => Promise<CommandResult>;

export interface BackgroundProcess {
  readonly pid: number;
  /** Resolves when the process ends. */
  readonly done: Promise<CommandResult>;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves at the next output on either stream, when the process ends, or after `maxMs`: no polling. */
  nextOutput(maxMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after graceMs; resolves when it has ended. */
  stop(graceMs?: number): Promise<CommandResult>;
}

export type Spawner = (argv: readonly string[], opts: { env?: Record<string, string> }) => BackgroundProcess;

const MAX_CAPTURE = 16 * 1024 * 1024;

interface OwnProcess extends BackgroundProcess {
  markTimedOut(): void;
}

function startProcess(
  argv: readonly string[],
  opts: { env?: Record<string, string>; cwd?: string; input?: string },
): OwnProcess {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('empty command');
  const started = Date.now();
  const child = spawn(cmd, args, {
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // own process group, so a kill reaches its children and Ctrl-C reaches only us
  });
  let out = '';
  let err = '';
  let waiters: (() => void)[] = [];
  const wake = (): void => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    if (out.length < MAX_CAPTURE) out += d;
    wake();
  });
  child.stderr.on('data', (d: string) => {
    if (err.length < MAX_CAPTURE) err += d;
    wake();
  });
  child.stdin.on('error', () => undefined);
  if (opts.input !== undefined) child.stdin.end(opts.input);
  else child.stdin.end();
  let timedOut = false;
  const done = new Promise<CommandResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        exitCode: code,
        signal,
        stdout: out,
        stderr: err,
        durationMs: Date.now() - started,
        timedOut,
      });
      wake(); // after resolve, so that whoever waits sees the process ended
    });
  });
  const pid = child.pid ?? -1;
  const killGroup = (sig: NodeJS.Signals): void => {
    if (pid <= 0) return;
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  let stopping: Promise<CommandResult> | undefined;
  const stop = (graceMs = 2000): Promise<CommandResult> => {
    if (stopping) return stopping;
    killGroup('SIGTERM');
    const t = setTimeout(() => killGroup('SIGKILL'), graceMs);
    stopping = done.finally(() => clearTimeout(t));
    return stopping;
  };
  return {
    pid,
    done,
    stdout: () => out,
    stderr: () => err,
    nextOutput: (maxMs) =>
      new Promise<void>((res) => {
        const t = setTimeout(res, maxMs);
        waiters.push(() => {
          clearTimeout(t);
          res();
        });
      }),
    stop,
    markTimedOut: () => {
      timedOut = true;
    },
  };
}

/** The real runner: spawns the program, enforces the timeout and the abort signal. */
export const runCommand: Runner = async (argv, opts) => {
  const p = startProcess(argv, opts);
  const timer = setTimeout(() => {
    p.markTimedOut();
    void p.stop();
  }, opts.timeoutMs);
  const onAbort = (): void => void p.stop(500);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  try {
    return await p.done;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
};

/** The real spawner for long-running servers. */
export const spawnProcess: Spawner = (argv, opts) => startProcess(argv, opts);

/** Describes an exit in words: "exit code 1", "killed by SIGKILL", "timed out after 5.0 s". */
export function describeExit(r: CommandResult): string {
  if (r.timedOut) return `timed out after ${(r.durationMs / 1000).toFixed(1)} s`;
  if (r.signal) return `killed by ${r.signal}`;
  if (r.exitCode === 137) return 'exit code 137 (killed)';
  return `exit code ${r.exitCode}`;
}

/** The last lines of a command's output, for error messages. */
export function tail(text: string, lines = 8): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

export function ok(r: CommandResult): boolean {
  return r.exitCode === 0 && !r.timedOut;
}
