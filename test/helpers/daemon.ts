import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether a program is on PATH. */
export function installed(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Daemon {
  port: number;
  url: string;
  /** Stops the process this helper started, by its PID, and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `program` listening on 127.0.0.1 at a free port (`args` gets the port) and waits until
 * `readyPath` answers 200. Stopped by PID; its output is kept for the error when it fails.
 */
export async function startDaemon(
  program: string,
  args: (port: number) => string[],
  readyPath: string,
  timeoutMs = 30_000,
): Promise<Daemon> {
  const port = await freePort();
  const child = spawn(program, args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exited;
  };
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${program} exited early:\n${log}`);
    const ok = await fetch(`${url}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { port, url, stop };
    if (Date.now() > until) {
      await stop();
      throw new Error(`${program} did not answer ${readyPath} within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A Pushgateway on 127.0.0.1 that keeps nothing on disk. */
export function startPushgateway(): Promise<Daemon> {
  return startDaemon(
    'prometheus-pushgateway',
    (port) => [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='],
    '/-/ready',
  );
}
