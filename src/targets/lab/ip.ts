import { CnibenchError } from '../../model/errors.js';
import { describeExit, tail, type Runner } from '../../exec/runner.js';

const IP_TIMEOUT_MS = 15_000;

/** How many namespaces are set up or torn down at once: `ip` processes are short, the kernel serialises netlink anyway. */
export const SETUP_CONCURRENCY = 8;

/**
 * Runs an `ip`/`tc`/`sysctl`-style setup command and throws a LAB_SETUP_FAILED error naming the
 * command when it fails. Setup steps must succeed; measurement commands never go through here.
 */
export async function must(run: Runner, argv: readonly string[], what: string): Promise<string> {
  const r = await run(argv, { timeoutMs: IP_TIMEOUT_MS });
  if (r.exitCode !== 0 || r.timedOut) {
    throw new CnibenchError('LAB_SETUP_FAILED', `${what} failed: \`${argv.join(' ')}\` ${describeExit(r)}`, {
      details: tail(r.stderr || r.stdout),
      hint: tail(r.stderr || r.stdout, 2),
    });
  }
  return r.stdout;
}

/** argv that runs a command inside a named network namespace. */
export function inNetns(netns: string, argv: readonly string[]): string[] {
  return ['ip', 'netns', 'exec', netns, ...argv];
}

/** Names of the network namespaces on this machine. */
export async function listNetns(run: Runner): Promise<string[]> {
  const r = await run(['ip', 'netns', 'list'], { timeoutMs: IP_TIMEOUT_MS });
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

/**
 * Runs many `ip` (or `bridge`) commands in one process inside a namespace (`-batch -`, one
 * command a line): a node's routes to N-1 peers cost one process, not N-1.
 */
export async function mustBatch(
  run: Runner,
  tool: 'ip' | 'bridge',
  netns: string,
  lines: readonly string[],
  what: string,
): Promise<void> {
  if (lines.length === 0) return;
  const argv = [tool, '-n', netns, '-batch', '-'];
  const r = await run(argv, { timeoutMs: IP_TIMEOUT_MS, input: `${lines.join('\n')}\n` });
  if (r.exitCode !== 0 || r.timedOut) {
    throw new CnibenchError('LAB_SETUP_FAILED', `${what} failed: \`${argv.join(' ')}\` ${describeExit(r)}`, {
      details: `${tail(r.stderr || r.stdout)}\ninput:\n${lines.slice(0, 20).join('\n')}`,
      hint: tail(r.stderr || r.stdout, 2),
    });
  }
}
