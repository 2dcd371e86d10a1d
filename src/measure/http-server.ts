import { randomBytes } from 'node:crypto';
import { CnibenchError, toErrorData } from '../model/errors.js';
import { describeExit, tail, type CommandResult } from '../exec/runner.js';
import type { RawOutput } from '../model/raw-output.js';
import type { Endpoint, ServerHandle } from '../targets/target.js';
import { NGINX_READY, nginxConfig } from '../tools/nginx.js';
import { missingToolHint, missingTools, toolCheckArgv } from '../tools/requirements.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';
import { rawOutput } from './raw.js';

/** Helpers shared by the rr, crr, http, dns and transfer measurements. */

const SETUP_TIMEOUT_MS = 60_000;

/** Fails with TOOL_MISSING, naming the programs, the end and the fix, when any of `tools` is absent. */
export async function requireTools(
  ctx: MeasureContext,
  endpoint: Endpoint,
  role: 'client' | 'server',
  tools: readonly string[],
): Promise<void> {
  const r = await ctx.target.exec(endpoint, toolCheckArgv(tools), { timeoutMs: 15_000, signal: ctx.signal });
  const missing = missingTools(tools, r);
  if (missing.length > 0) {
    throw new CnibenchError(
      'TOOL_MISSING',
      `${missing.join(', ')} not found at the ${role} end (${endpoint.id})`,
      { hint: missingToolHint(missing) },
    );
  }
}

/** A private scratch directory name at an endpoint, unique per repetition. */
export function workDir(kind: string, ctx: MeasureContext): string {
  return `/tmp/cnibench-${kind}-${ctx.port}-${randomBytes(4).toString('hex')}`;
}

/** Runs a set-up command at an endpoint; throws with its output when it fails. */
export async function setupStep(
  ctx: MeasureContext,
  endpoint: Endpoint,
  argv: readonly string[],
  what: string,
  input?: string,
): Promise<CommandResult> {
  const r = await ctx.target.exec(endpoint, argv, {
    timeoutMs: SETUP_TIMEOUT_MS,
    signal: ctx.signal,
    ...(input === undefined ? {} : { input }),
  });
  if (r.exitCode !== 0 || r.timedOut) {
    throw new CnibenchError(
      'SERVER_START_FAILED',
      `${what} failed at ${endpoint.id} (${describeExit(r)}): ${tail(r.stderr || r.stdout, 3)}`,
    );
  }
  return r;
}

/** Writes a text file at an endpoint, creating its directory. */
export function writeFile(
  ctx: MeasureContext,
  endpoint: Endpoint,
  path: string,
  content: string,
): Promise<CommandResult> {
  return setupStep(
    ctx,
    endpoint,
    ['sh', '-c', 'mkdir -p "$(dirname "$1")" && cat > "$1"', 'sh', path],
    `writing ${path}`,
    content,
  );
}

/** Removes a scratch directory; failures are ignored (the directory is under /tmp). */
export async function removeDir(ctx: MeasureContext, endpoint: Endpoint, dir: string): Promise<void> {
  if (!dir.startsWith('/tmp/cnibench-')) return;
  await ctx.target.exec(endpoint, ['rm', '-rf', dir], { timeoutMs: 30_000 }).catch(() => undefined);
}

/** Starts nginx at the server end serving `root` on the repetition's port. */
export async function startNginx(
  ctx: MeasureContext,
  dir: string,
  root: string,
): Promise<{ handle: ServerHandle; argv: string[] }> {
  await setupStep(
    ctx,
    ctx.path.server,
    ['mkdir', '-p', `${dir}/tmp`, root],
    'creating the nginx directories',
  );
  await writeFile(ctx, ctx.path.server, `${dir}/nginx.conf`, nginxConfig({ dir, root, port: ctx.port }));
  const argv = ['nginx', '-p', dir, '-c', `${dir}/nginx.conf`];
  const handle = await ctx.target.startServer(ctx.path.server, argv, {
    readyPattern: NGINX_READY,
    readyTimeoutMs: 15_000,
    signal: ctx.signal,
  });
  return { handle, argv };
}

/**
 * A command's raw output for the result document, with stdout cut to its first `maxLines`
 * lines (per-transaction logs run to thousands of lines; their figures are in the samples).
 */
export function trimmedRaw(
  role: string,
  command: readonly string[],
  r: CommandResult,
  maxLines = 200,
): RawOutput {
  const raw = rawOutput(role, command, r);
  const lines = raw.stdout.split('\n');
  if (lines.length > maxLines) {
    raw.stdout = `${lines.slice(0, maxLines).join('\n')}\n... (${lines.length - maxLines} more lines left out)\n`;
  }
  const errLines = raw.stderr.split('\n');
  if (errLines.length > maxLines) {
    raw.stderr = `${errLines.slice(0, maxLines).join('\n')}\n... (${errLines.length - maxLines} more lines left out)\n`;
  }
  return raw;
}

/** A failed outcome from any error. */
export function failedOutcome(e: unknown, raw: RawOutput[]): RepetitionOutcome {
  return { status: 'failed', error: toErrorData(e), raw };
}

/** Stops a server and records what it printed. */
export async function stopServer(
  server: { handle: ServerHandle; argv: readonly string[] } | undefined,
  raw: RawOutput[],
  role = 'server',
): Promise<void> {
  if (!server) return;
  const r = await server.handle.stop().catch(() => undefined);
  if (r) raw.push(trimmedRaw(role, server.argv, r, 50));
}
