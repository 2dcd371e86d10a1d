import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { CnibenchError } from '../../../model/errors.js';
import type { CommandResult } from '../../../exec/runner.js';
import { apiError, describeRequest, isRetryable, transportError } from './errors.js';
import { execInPod, startInPod, type ExecStream } from './exec.js';
import { explainExecFailure } from './exec-failure.js';
import { loadConfig, registerRequestSecrets } from './kubeconfig.js';
import { openShellInPod, type ShellConnection } from './shell.js';
import type { ConnectOptions, ExecRequest, RequestOptions, WatchEnd } from './options.js';
import type { Status, WatchEvent } from './types.js';

import { sleep } from '../../../util/sleep.js';

export type { ConnectOptions, ExecRequest, RequestOptions, WatchEnd } from './options.js';

interface RawResponse {
  status: number;
  body: string;
}

/**
 * The one place cnibench talks to the Kubernetes API: REST and watches over the kubeconfig's
 * transport and credentials (from `@kubernetes/client-node`), exec over its WebSocket client.
 * Every request has a timeout, idempotent ones are retried with backoff, and every API error
 * becomes a CnibenchError that names the action, namespace and object. `calls` counts requests.
 */
export class KubeApi {
  calls = 0;
  readonly context: string;
  readonly server: string;
  private readonly kc: KubeConfig;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(opts: ConnectOptions = {}) {
    this.kc = loadConfig(opts);
    this.context = this.kc.getCurrentContext();
    this.server = this.kc.getCurrentCluster()!.server.replace(/\/+$/, '');
    this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.retries = opts.retries ?? 3;
    this.backoffMs = opts.backoffMs ?? 500;
  }

  get<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, opts);
  }

  post<T>(path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...opts, body });
  }

  /** DELETE; a 404 counts as done. */
  async delete(path: string, opts: RequestOptions = {}): Promise<void> {
    try {
      await this.request<Status>('DELETE', path, opts);
    } catch (e) {
      if (e instanceof CnibenchError && e.code === 'K8S_NOT_FOUND') return;
      throw e;
    }
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const retries = opts.retries ?? this.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.send(method, path, opts);
        if (r.status >= 200 && r.status < 300) return this.parse<T>(r.body, method, path);
        throw apiError(r.status, r.body, method, path, this.context);
      } catch (e) {
        if (!(e instanceof CnibenchError)) throw e;
        // POSTs are retried only when the server certainly did not act on them
        const safe = method !== 'POST' || /ECONNREFUSED|error (429|503) /.test(e.message);
        if (attempt >= retries || !safe || !isRetryable(e) || opts.signal?.aborted) throw e;
        await sleep(Math.min(this.backoffMs * 2 ** attempt, 5000), opts.signal);
      }
    }
  }

  private parse<T>(body: string, method: string, path: string): T {
    if (body === '') return {} as T;
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new CnibenchError(
        'K8S_API',
        `the API server ${this.server} answered ${describeRequest(method, path)} with something that is not JSON: ${body.slice(0, 120)}`,
        {
          hint: 'a proxy between cnibench and the API server may be interfering; check the kubeconfig server address',
        },
      );
    }
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<RawResponse> {
    let result: RawResponse | undefined;
    await this.open(method, path, opts, opts.timeoutMs ?? this.timeoutMs, (res, done) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        result = { status: res.statusCode ?? 0, body };
        done();
      });
    });
    return result!;
  }

  /**
   * Streams a watch (`?watch=1`): calls `onEvent` per event until it returns true, the server
   * ends the watch, or `timeoutMs` passes. A 410 (expired resource version) throws K8S_GONE.
   */
  async watch<T>(
    path: string,
    opts: { timeoutMs: number; signal?: AbortSignal },
    onEvent: (e: WatchEvent<T>) => boolean,
  ): Promise<WatchEnd> {
    let end: WatchEnd = 'timeout';
    let failure: CnibenchError | undefined;
    await this.open('GET', path, opts, opts.timeoutMs, (res, done, req) => {
      if ((res.statusCode ?? 0) >= 300) {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString('utf8')));
        res.on(
          'end',
          () => ((failure = apiError(res.statusCode ?? 0, body, 'GET', path, this.context)), done()),
        );
        return;
      }
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0 && failure === undefined && end === 'timeout') {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line === '') continue;
          let ev: WatchEvent<T>;
          try {
            ev = this.parse<WatchEvent<T>>(line, 'GET', path);
          } catch (e) {
            failure = e as CnibenchError;
            break;
          }
          if (ev.type === 'ERROR') {
            const st = ev.object as Status;
            failure = apiError(st.code ?? 500, JSON.stringify(st), 'GET', path, this.context);
          } else if (onEvent(ev)) end = 'stopped';
        }
        if (failure !== undefined || end !== 'timeout') {
          req.destroy();
          done();
        }
      });
      res.on('end', () => {
        if (end === 'timeout') end = 'ended';
        done();
      });
      res.on('error', () => done());
    });
    if (failure !== undefined) throw failure;
    return end;
  }

  /** Sends one request; `handle` consumes the response and calls `done`. Timeouts of a watch are not errors. */
  private async open(
    method: string,
    path: string,
    opts: RequestOptions,
    timeoutMs: number,
    handle: (res: http.IncomingMessage, done: () => void, req: http.ClientRequest) => void,
  ): Promise<void> {
    this.calls++;
    const url = new URL(this.server + path);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'cnibench' };
    const options: https.RequestOptions = { method, headers };
    try {
      await this.kc.applyToHTTPSOptions(options);
      registerRequestSecrets(options);
    } catch (e) {
      throw new CnibenchError(
        'K8S_CONFIG',
        `cannot use the credentials of context ${this.context}: ${(e as Error).message}`,
        {
          hint: 'check the user and cluster entries of the kubeconfig (certificates, token, exec plugin)',
        },
      );
    }
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      options.headers = {
        ...options.headers,
        'Content-Type': opts.contentType ?? 'application/json',
        'Content-Length': String(Buffer.byteLength(payload)),
      };
    }
    const isWatch = path.includes('watch=');
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err === undefined) resolve();
        else reject(transportError(err, method, path, this.server, this.context));
      };
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(url, options, (res) => handle(res, () => finish(), req));
      const timer = setTimeout(() => {
        req.destroy();
        if (isWatch) finish();
        else
          finish(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      const onAbort = (): void => {
        req.destroy();
        finish(Object.assign(new Error('interrupted'), { code: 'ABORTED' }));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => finish(e));
      req.on('close', () => {
        // a connection dropped mid-response: the handler never called done
        if (!settled)
          finish(
            Object.assign(new Error('connection closed before the response ended'), { code: 'ECONNRESET' }),
          );
      });
      req.end(payload);
    });
  }

  /** Runs a command in a container through the exec API (WebSocket); the result is data. */
  exec(r: ExecRequest): Promise<CommandResult> {
    this.calls++;
    return execInPod(this.kc, r).catch((e: unknown) =>
      explainExecFailure((p) => this.request('GET', p), r, e),
    );
  }

  /** Starts a long-running command in a container; output accumulates until it ends. */
  startExec(r: ExecRequest): Promise<ExecStream> {
    this.calls++;
    return startInPod(this.kc, r).catch((e: unknown) =>
      explainExecFailure((p) => this.request('GET', p), r, e),
    );
  }

  /** Starts a command with stdin open, for many requests over one connection (mesh pod shells). */
  openShell(r: ExecRequest): Promise<ShellConnection> {
    this.calls++;
    return openShellInPod(this.kc, r);
  }
}
