import { CnibenchError } from '../../../model/errors.js';
import type { CommandResult } from '../../../exec/runner.js';
import type { ExecRequest, ShellConnection } from '../api/index.js';
import { CONTAINER } from '../manifests.js';

/**
 * The shell at the other end: reads `<id> <base64 script>` lines, runs each script with its
 * output in files, and answers one line `@@cnb <id> <exit code> <base64 stdout> <base64 stderr>`.
 * Scripts run one after another; `CNB_DIR` is a private directory for server files.
 */
export const SHELL_SCRIPT = [
  'CNB_DIR=$(mktemp -d /tmp/cnibench-shell.XXXXXX) || exit 1',
  'export CNB_DIR',
  'trap \'rm -rf "$CNB_DIR"\' EXIT',
  'while IFS= read -r line; do',
  '  id=${line%% *}',
  '  printf %s "${line#* }" | base64 -d > "$CNB_DIR/c"',
  '  sh "$CNB_DIR/c" < /dev/null > "$CNB_DIR/o" 2> "$CNB_DIR/e"',
  '  rc=$?',
  '  printf "@@cnb %s %s %s %s\\n" "$id" "$rc" "$(base64 -w0 < "$CNB_DIR/o")" "$(base64 -w0 < "$CNB_DIR/e")"',
  'done',
].join('\n');

/** How long a shell lives at most (the run's whole mesh goes through it). */
const SHELL_LIFETIME_MS = 24 * 3600 * 1000;
/** Beyond a script's own timeout, how long to wait for its answer before giving the shell up. */
const ANSWER_SLACK_MS = 15_000;

/** Where shells come from: the API client (`KubeApi.openShell`), or a local process in tests. */
export interface ShellOpener {
  openShell(r: ExecRequest): Promise<ShellConnection>;
}

interface Pending {
  id: string;
  started: number;
  resolve: (r: CommandResult) => void;
  timer: NodeJS.Timeout;
}

/** Words quoted for sh. */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * One exec connection to a pod, reused for every command the mesh runs there: instead of one
 * API call per command (three per test), one per pod for the whole mesh. Commands are sent one
 * at a time; a command that does not answer in time, an abort, or a dropped connection closes
 * the shell, and the next command opens a new one.
 */
export class PodShell {
  /** Connections opened so far (each is one API call). */
  opened = 0;
  private conn: Promise<ShellConnection> | undefined;
  private buf = '';
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly api: ShellOpener,
    private readonly ns: string,
    readonly pod: string,
  ) {}

  /** Runs a shell script in the pod; the result is data (a lost connection is exit code null). */
  run(script: string, timeoutMs: number, signal?: AbortSignal): Promise<CommandResult> {
    const next = this.queue.then(() => this.send(script, timeoutMs, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    const c = this.conn;
    this.conn = undefined;
    void c?.then((x) => x.close()).catch(() => undefined);
  }

  private connect(): Promise<ShellConnection> {
    this.conn ??= this.api
      .openShell({
        namespace: this.ns,
        pod: this.pod,
        container: CONTAINER,
        argv: ['sh', '-c', SHELL_SCRIPT],
        timeoutMs: SHELL_LIFETIME_MS,
      })
      .then((c) => {
        this.opened += 1;
        this.buf = '';
        c.onStdout((s) => this.onData(s));
        const mine = this.conn;
        void c.done.then((r) => {
          if (this.conn === mine) this.conn = undefined;
          this.finish({
            ...r,
            exitCode: null,
            stdout: '',
            stderr: `[cnibench] the shell in pod ${this.pod} ended: ${r.stderr.trim() || 'connection closed'}`,
          });
        });
        return c;
      });
    const opening = this.conn;
    opening.catch(() => {
      if (this.conn === opening) this.conn = undefined;
    });
    return opening;
  }

  private async send(script: string, timeoutMs: number, signal?: AbortSignal): Promise<CommandResult> {
    if (signal?.aborted)
      throw new CnibenchError('INTERRUPTED', `interrupted before a command in pod ${this.pod}`);
    const conn = await this.connect();
    const id = `c${++this.seq}`;
    const started = Date.now();
    const result = new Promise<CommandResult>((resolve) => {
      const timer = setTimeout(() => {
        this.close();
        this.finish(
          lost(
            started,
            `no answer from the shell in pod ${this.pod} within ${Math.round((timeoutMs + ANSWER_SLACK_MS) / 1000)} s`,
            true,
          ),
        );
      }, timeoutMs + ANSWER_SLACK_MS);
      this.pending = { id, started, resolve, timer };
    });
    const onAbort = (): void => {
      this.close();
      this.finish(lost(started, 'interrupted', false));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    conn.write(`${id} ${Buffer.from(script, 'utf8').toString('base64')}\n`);
    try {
      return await result;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private onData(s: string): void {
    this.buf += s;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      const m = /^@@cnb (\S+) (\d+) (\S*) ?(\S*)$/.exec(line);
      const p = this.pending;
      if (m === null || p === undefined || m[1] !== p.id) continue;
      this.finish({
        exitCode: Number(m[2]),
        signal: null,
        stdout: Buffer.from(m[3] ?? '', 'base64').toString('utf8'),
        stderr: Buffer.from(m[4] ?? '', 'base64').toString('utf8'),
        durationMs: Date.now() - p.started,
        timedOut: false,
      });
    }
  }

  private finish(r: CommandResult): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve({ ...r, durationMs: Date.now() - p.started });
  }
}

function lost(started: number, why: string, timedOut: boolean): CommandResult {
  return {
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: `[cnibench] ${why}`,
    durationMs: Date.now() - started,
    timedOut,
  };
}
