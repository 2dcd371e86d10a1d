import type { CommandResult } from '../../exec/runner.js';
import type { ExecOptions, ServerHandle, ServerOptions } from '../target.js';
import type { PodAgent } from './agent/agent.js';
import { commandScript, serverPollScript, serverStartScript, serverStopScript } from './agent/script.js';
import { SERVER_MAX_LIFETIME_S, serverNotReady, type PodExec } from './pod-exec.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

/** How often a starting server's output is read for its ready line. */
const POLL_MS = 40;
/** Without a ready line, a server that still runs after this long counts as started. */
const SETTLE_MS = 500;

/** Commands and servers through a pod's exec agent: a fork in the container each, no new exec. */
export function agentExec(agent: PodAgent, where: string): PodExec {
  return {
    mode: 'agent',
    exec: (argv, opts) => agentCommand(agent, argv, opts),
    startServer: (argv, opts) => agentServer(agent, where, argv, opts),
    close: () => agent.close(),
  };
}

async function agentCommand(
  agent: PodAgent,
  argv: readonly string[],
  opts: ExecOptions,
): Promise<CommandResult> {
  return agent.run((id) => commandScript(id, argv, opts.input), {
    timeoutMs: opts.timeoutMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

/**
 * Starts a server in the background through the agent, then reads its output until the ready
 * line appears (or, without one, until it has run for a moment).
 */
async function agentServer(
  agent: PodAgent,
  where: string,
  argv: readonly string[],
  opts: ServerOptions,
): Promise<ServerHandle> {
  const key = `srv-${agent.nextId()}`;
  const what = `${argv.join(' ')} in ${where}`;
  const quick = { timeoutMs: 15_000, ...(opts.signal ? { signal: opts.signal } : {}) };
  const deadline = Date.now() + opts.readyTimeoutMs;
  const settle = Date.now() + Math.min(SETTLE_MS, opts.readyTimeoutMs);
  // the start answers like a poll: the server's first output, or that it ended already
  let poll = await agent.run(() => serverStartScript(key, argv, SERVER_MAX_LIFETIME_S), quick);
  if (poll.exitCode === null) throw serverNotReady(what, true, opts, poll.stderr);
  const stop = (): Promise<CommandResult> => agent.run(() => serverStopScript(key), { timeoutMs: 15_000 });
  for (;;) {
    const ended = poll.exitCode !== 0;
    const output = `${poll.stdout}\n${poll.stderr}`;
    const ready =
      opts.readyPattern === undefined ? !ended && Date.now() >= settle : opts.readyPattern.test(output);
    if (ready) break;
    if (ended || Date.now() > deadline || opts.signal?.aborted === true) {
      await stop().catch(() => undefined);
      throw serverNotReady(what, ended, opts, output);
    }
    await sleep(opts.readyPattern === undefined ? Math.max(0, settle - Date.now()) : POLL_MS);
    poll = await agent.run(() => serverPollScript(key), quick);
  }
  // one stop, shared by every caller; a stop that could not be sent may be tried again
  let stopping: Promise<CommandResult> | undefined;
  const once = (): Promise<CommandResult> =>
    (stopping ??= stop().catch((e: unknown) => {
      stopping = undefined;
      throw e;
    }));
  return { stop: once };
}
