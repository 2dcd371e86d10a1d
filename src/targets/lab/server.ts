import { CnibenchError } from '../../model/errors.js';
import { describeExit, tail, type CommandResult, type Spawner } from '../../exec/runner.js';
import type { ServerHandle, ServerOptions } from '../target.js';

/** Longest wait between checks of the deadline and the abort signal; output wakes the check at once. */
const MAX_WAIT_MS = 100;
/** Without a ready pattern, how long a server gets to bind its socket. */
const SETTLE_MS = 300;

/** Starts a background process and resolves once it printed its ready pattern (checked on each output, not polled). */
export async function startLabServer(o: {
  spawn: Spawner;
  argv: readonly string[];
  opts: ServerOptions;
  onStart: (pid: number) => Promise<void>;
  onStop: (pid: number) => Promise<void>;
}): Promise<ServerHandle> {
  const p = o.spawn(o.argv, {});
  await o.onStart(p.pid);
  let ended: CommandResult | undefined;
  void p.done.then((r) => (ended = r)).catch(() => undefined);
  let stopped: Promise<CommandResult> | undefined;
  const handle: ServerHandle = {
    stop: () => {
      stopped ??= p.stop().then(async (r) => {
        await o.onStop(p.pid);
        return r;
      });
      return stopped;
    },
  };
  const deadline = Date.now() + o.opts.readyTimeoutMs;
  const settleUntil = Date.now() + SETTLE_MS;
  for (;;) {
    const out = p.stdout() + p.stderr();
    if (o.opts.readyPattern ? o.opts.readyPattern.test(out) : Date.now() >= settleUntil) return handle;
    if (ended) {
      await handle.stop();
      throw new CnibenchError(
        'SERVER_START_FAILED',
        `server \`${o.argv.join(' ')}\` ended before it was ready (${describeExit(ended)}): ${tail(out, 4)}`,
      );
    }
    if (o.opts.signal?.aborted) {
      await handle.stop();
      throw new CnibenchError('INTERRUPTED', 'interrupted while starting a server');
    }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new CnibenchError(
        'SERVER_START_FAILED',
        `server \`${o.argv.join(' ')}\` did not print ${String(o.opts.readyPattern)} within ${o.opts.readyTimeoutMs} ms: ${tail(out, 4)}`,
      );
    }
    const until = o.opts.readyPattern ? deadline : Math.min(deadline, settleUntil);
    await p.nextOutput(Math.max(1, Math.min(MAX_WAIT_MS, until - Date.now())));
  }
}
