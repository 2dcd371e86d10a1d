import { randomBytes } from 'node:crypto';
import { CnibenchError } from '../../../model/errors.js';
import type { CommandResult } from '../../../exec/runner.js';
import { FrameParser, type AgentMessage } from './frames.js';
import { killScript, request } from './script.js';

/** A connection to one running agent: its stdin, and a way to end it. */
export interface AgentTransport {
  write(text: string): void;
  close(): void;
}

/**
 * Opens a connection running the agent script; stdout chunks go to `onStdout`, and `onClose`
 * is called once when the connection ends, with what the agent printed on stderr.
 */
export type AgentConnect = (
  onStdout: (chunk: Buffer) => void,
  onClose: (why: string) => void,
) => Promise<AgentTransport>;

export interface AgentRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

interface Pending {
  started: number;
  /** The connection the request went out on. */
  gen: number;
  resolve: (r: CommandResult) => void;
}

/** How long the agent may take to say it is ready after its exec connected. */
const READY_TIMEOUT_MS = 15_000;
/** After TERM, a command that still runs gets KILL. */
const KILL_AFTER_MS = 2_000;

const gone = (started: number, note: string, timedOut = false): CommandResult => ({
  exitCode: null,
  signal: null,
  stdout: '',
  stderr: `[cnibench] ${note}`,
  durationMs: Date.now() - started,
  timedOut,
});

/**
 * The client side of one pod's exec agent (see script.ts): requests go out as lines, results
 * come back as frames matched by id; several may run at once. A dropped connection fails the
 * requests in flight and is reopened by the next request.
 */
export class PodAgent {
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = randomBytes(3).toString('hex');
  private seq = 0;
  private link: Promise<AgentTransport> | undefined;
  private gen = 0;
  private closed = false;

  constructor(
    private readonly connect: AgentConnect,
    private readonly where: string,
  ) {}

  /** Opens the connection and waits until the agent runs; rejects with the reason it cannot. */
  start(): Promise<void> {
    return this.transport().then(() => undefined);
  }

  /** A fresh request id (also the stem of the request's files in the container). */
  nextId(): string {
    this.seq += 1;
    return `${this.prefix}-${this.seq}`;
  }

  /**
   * Runs the script `build(id)` returns and resolves with its result; never rejects once sent.
   * At `timeoutMs` (or an abort) its command gets TERM, then KILL 2 s later, and the result says so.
   */
  async run(build: (id: string) => string, opts: AgentRunOptions): Promise<CommandResult> {
    if (this.closed) throw new CnibenchError('INTERNAL', `the exec agent of ${this.where} is closed`);
    const t = await this.transport();
    const gen = this.gen;
    const id = this.nextId();
    const started = Date.now();
    return new Promise<CommandResult>((resolve) => {
      const finish = (r: CommandResult): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        resolve(r);
      };
      const giveUp = (note: string, timedOut: boolean): void => {
        if (!this.pending.has(id)) return;
        finish(gone(started, note, timedOut));
        this.fire(killScript(id, 'TERM'));
        setTimeout(() => this.fire(killScript(id, 'KILL')), KILL_AFTER_MS).unref();
      };
      const timer = setTimeout(
        () => giveUp(`stopped after ${opts.timeoutMs / 1000} s (time limit)`, true),
        opts.timeoutMs,
      );
      const onAbort = (): void => giveUp('interrupted', false);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, { started, gen, resolve: finish });
      t.write(request(id, build(id)));
      if (opts.signal?.aborted === true) onAbort();
    });
  }

  /** Ends the connection; requests in flight fail. */
  close(): void {
    this.closed = true;
    const link = this.link;
    this.link = undefined;
    void link?.then((t) => t.close()).catch(() => undefined);
    this.failAll(this.gen, 'the exec agent was closed');
  }

  /** Sends a request whose result nobody waits for (a kill); nothing when the agent is gone. */
  private fire(script: string): void {
    if (this.closed || this.link === undefined) return;
    void this.run(() => script, { timeoutMs: 10_000 }).catch(() => undefined);
  }

  private failAll(gen: number, note: string): void {
    for (const p of [...this.pending.values()]) if (p.gen === gen) p.resolve(gone(p.started, note));
  }

  private transport(): Promise<AgentTransport> {
    this.link ??= this.open().catch((e: unknown) => {
      this.link = undefined;
      throw e;
    });
    return this.link;
  }

  private async open(): Promise<AgentTransport> {
    this.gen += 1;
    const gen = this.gen;
    const parser = new FrameParser();
    let onReady: ((m: AgentMessage | string) => void) | undefined;
    const ready = new Promise<AgentMessage | string>((r) => (onReady = r));
    const onStdout = (chunk: Buffer): void => {
      for (const m of parser.push(chunk)) {
        const p = m.type === 'result' ? this.pending.get(m.id) : undefined;
        if (m.type === 'result') p?.resolve(resultOf(m, p));
        else if (m.type !== 'noise') onReady?.(m);
      }
    };
    const onClose = (why: string): void => {
      onReady?.(why);
      if (this.gen === gen) this.link = undefined;
      this.failAll(gen, `the exec connection to ${this.where} closed${why ? `: ${why}` : ''}`);
    };
    const t = await this.connect(onStdout, onClose);
    const timer = setTimeout(() => onReady?.('no answer'), READY_TIMEOUT_MS);
    const first = await ready;
    clearTimeout(timer);
    if (typeof first === 'object' && first.type === 'ready') return t;
    t.close();
    const why =
      typeof first === 'string'
        ? first.trim() || 'it ended at once'
        : first.type === 'missing'
          ? `the image has no ${first.program}`
          : 'unexpected output';
    throw new CnibenchError('TOOL_MISSING', `the exec agent cannot run in ${this.where}: ${why}`, {
      hint: 'commands run through one exec each instead (slower); the tools image (images/tools/Dockerfile) has everything the agent needs',
    });
  }
}

function resultOf(m: Extract<AgentMessage, { type: 'result' }>, p: Pending): CommandResult {
  return {
    exitCode: m.exitCode,
    signal: null,
    stdout: m.stdout,
    stderr: m.stderr,
    durationMs: Date.now() - p.started,
    timedOut: false,
  };
}
