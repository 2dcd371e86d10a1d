import { spawn } from 'node:child_process';
import type { ExecRequest, ShellConnection } from '../../src/targets/kubernetes/api/index.js';
import type { ShellOpener } from '../../src/targets/kubernetes/mesh/pod-shell.js';

/** Opens "pod shells" as local processes: the real `sh` runs the real script, without a cluster. */
export class LocalShells implements ShellOpener {
  opened = 0;
  readonly children: number[] = [];

  openShell(r: ExecRequest): Promise<ShellConnection> {
    this.opened += 1;
    const [cmd, ...args] = r.argv;
    const child = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.push(child.pid!);
    const listeners: ((s: string) => void)[] = [];
    let err = '';
    const started = Date.now();
    child.stdout.setEncoding('utf8').on('data', (d: string) => listeners.forEach((l) => l(d)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdin.on('error', () => undefined);
    const done = new Promise<Awaited<ShellConnection['done']>>((resolve) =>
      child.on('close', (code, signal) =>
        resolve({
          exitCode: code,
          signal,
          stdout: '',
          stderr: err,
          durationMs: Date.now() - started,
          timedOut: false,
        }),
      ),
    );
    return Promise.resolve({
      write: (t) => void child.stdin.write(t),
      onStdout: (l) => void listeners.push(l),
      stderr: () => err,
      done,
      close: () => {
        child.stdin.end();
        child.kill('SIGTERM');
      },
    });
  }
}
