/** How to reach a cluster: kubectl's conventions (`--kubeconfig`, `KUBECONFIG`, `--context`, in-cluster). */
export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** Per-request timeout; default 30 s. */
  requestTimeoutMs?: number;
  /** Retries of idempotent requests on 429/5xx and connection failures; default 3. */
  retries?: number;
  /** Base backoff between retries; default 500 ms, doubled each time. */
  backoffMs?: number;
}

export interface RequestOptions {
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  retries?: number;
  contentType?: string;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  argv: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Fed to the command's stdin (a long-lived command reads requests from it). */
  stdin?: NodeJS.ReadableStream;
  /** Receives stdout as it comes, instead of collecting it. */
  onStdout?: (chunk: Buffer) => void;
}

/** What a watch ended with. */
export type WatchEnd = 'stopped' | 'ended' | 'timeout';
