import { CnibenchError } from '../../../model/errors.js';
import { tail, type CommandResult } from '../../../exec/runner.js';
import type { ExecOptions, ServerHandle, ServerOptions } from '../../target.js';
import { shQuote, type PodShell } from './pod-shell.js';

/** Longest a server may live in a pod, in case cnibench dies without stopping it. */
const SERVER_MAX_LIFETIME_S = 3600;
const GRACE_S = 2;
const POLL_MS = 100;

/**
 * Each script starts with a comment naming what it does (`# cnb {"op":...}`): the shell
 * ignores it; it makes logs (and the fake API server of the tests) readable.
 */
function tagged(tag: Record<string, unknown>, body: string): string {
  return `# cnb ${JSON.stringify(tag)}\n${body}\n`;
}

/** A command run to completion in the pod, with a timeout enforced in the container too. */
export async function shellExec(
  shell: PodShell,
  argv: readonly string[],
  opts: ExecOptions,
): Promise<CommandResult> {
  const secs = Math.max(1, Math.ceil(opts.timeoutMs / 1000));
  const cmd = `timeout -k ${GRACE_S} ${secs} ${argv.map(shQuote).join(' ')}`;
  const body = opts.input === undefined ? `exec ${cmd}` : `printf %s ${shQuote(opts.input)} | ${cmd}`;
  const r = await shell.run(tagged({ op: 'exec', argv }, body), opts.timeoutMs + GRACE_S * 1000, opts.signal);
  // exit 124 is `timeout` saying it had to stop the command
  if (r.exitCode === 124 && r.durationMs >= opts.timeoutMs - 500) return { ...r, timedOut: true };
  return r;
}

/**
 * A server started in the background in the pod (its output in files of the shell's directory),
 * ready once `readyPattern` shows in its output; `stop` ends it (TERM, then KILL) and returns
 * what it printed.
 */
export async function shellServer(
  shell: PodShell,
  id: string,
  argv: readonly string[],
  opts: ServerOptions,
): Promise<ServerHandle> {
  const f = `"$CNB_DIR/srv-${id}"`;
  const start = await shell.run(
    tagged(
      { op: 'start', id, argv },
      `timeout -k ${GRACE_S} ${SERVER_MAX_LIFETIME_S} ${argv.map(shQuote).join(' ')} > ${f}.out 2> ${f}.err < /dev/null &\necho $! > ${f}.pid`,
    ),
    15_000,
    opts.signal,
  );
  const what = `server \`${argv.join(' ')}\` in pod ${shell.pod}`;
  if (start.exitCode !== 0)
    throw new CnibenchError('SERVER_START_FAILED', `${what} could not start: ${tail(start.stderr)}`);
  const poll = (): Promise<CommandResult> =>
    shell.run(
      tagged(
        { op: 'poll', id },
        `cat ${f}.out; cat ${f}.err >&2; kill -0 "$(cat ${f}.pid)" 2>/dev/null || exit 3`,
      ),
      15_000,
      opts.signal,
    );
  let stopping: Promise<CommandResult> | undefined;
  const stop = (): Promise<CommandResult> =>
    (stopping ??= shell
      .run(
        tagged(
          { op: 'stop', id },
          [
            `p=$(cat ${f}.pid); kill -TERM "$p" 2>/dev/null; i=0`,
            'while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
            `kill -KILL "$p" 2>/dev/null; cat ${f}.out; cat ${f}.err >&2; rm -f ${f}.*`,
          ].join('\n'),
        ),
        20_000,
      )
      .then((r) => ({ ...r, exitCode: r.exitCode === 0 ? null : r.exitCode, signal: 'SIGTERM' as const })));
  const deadline = Date.now() + opts.readyTimeoutMs;
  // without a pattern to wait for, a server gets a moment to bind its socket
  if (opts.readyPattern === undefined) await new Promise((res) => setTimeout(res, 500));
  for (;;) {
    const r = await poll();
    const out = `${r.stdout}\n${r.stderr}`;
    const ready = opts.readyPattern === undefined ? r.exitCode === 0 : opts.readyPattern.test(out);
    if (ready && r.exitCode === 0) return { stop };
    if (r.exitCode !== 0 || Date.now() > deadline || opts.signal?.aborted) {
      await stop().catch(() => undefined);
      const why =
        r.exitCode === 3
          ? 'it ended before it was ready'
          : r.exitCode === null
            ? r.stderr
            : `not ready after ${opts.readyTimeoutMs / 1000} s`;
      throw new CnibenchError('SERVER_START_FAILED', `${what}: ${why}`, {
        hint: 'the tools image must contain the server program; see images/tools/Dockerfile',
        details: tail(out),
      });
    }
    await new Promise((res) => setTimeout(res, POLL_MS));
  }
}
