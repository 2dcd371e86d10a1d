import { spawn, type ChildProcess } from 'node:child_process';

export interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
  wallS: number;
}

function collect(child: ChildProcess, t0: number): Promise<Done> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr, wallS: (performance.now() - t0) / 1000 }));
  });
}

/** Runs a command to its end (killed after `timeoutS`); never throws for a non-zero exit. */
export async function run(argv: readonly string[], timeoutS = 120): Promise<Done> {
  const [cmd, ...args] = argv;
  const t0 = performance.now();
  const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
  try {
    return await collect(child, t0);
  } finally {
    clearTimeout(timer);
  }
}

/** Like `run`, but throws with the command's stderr when it fails. */
export async function must(argv: readonly string[], timeoutS = 120): Promise<string> {
  const r = await run(argv, timeoutS);
  if (r.code !== 0) throw new Error(`\`${argv.join(' ')}\` exited ${r.code}: ${r.stderr.trim().slice(-500)}`);
  return r.stdout;
}

export interface Server {
  /** SIGTERM (SIGKILL after a second), then its output. */
  stop(): Promise<Done>;
}

/** Starts a server and resolves once its output matches `ready` (or throws after `timeoutS`). */
export async function startServer(argv: readonly string[], readyRe: RegExp, timeoutS = 10): Promise<Server> {
  const [cmd, ...args] = argv;
  const t0 = performance.now();
  const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = collect(child, t0);
  let seen = '';
  const ready = new Promise<void>((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`\`${argv.join(' ')}\` not ready: ${seen}`)),
      timeoutS * 1000,
    );
    const onData = (d: Buffer): void => {
      seen += d.toString();
      if (readyRe.test(seen)) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void done.then((r) => {
      clearTimeout(timer);
      rej(new Error(`\`${argv.join(' ')}\` ended before it was ready (exit ${r.code}): ${seen}`));
    });
  });
  try {
    await ready;
  } catch (e) {
    // never leave a server behind: it would outlive its namespace
    child.kill('SIGKILL');
    await done;
    throw e;
  }
  return {
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 1000);
        void done.finally(() => clearTimeout(t));
      }
      return done;
    },
  };
}
