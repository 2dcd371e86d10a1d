import type { CommandResult } from '../exec/runner.js';
import type { RawOutput } from '../model/raw-output.js';

/** A command's result as kept in the result document for audit. */
export function rawOutput(role: string, command: readonly string[], r: CommandResult): RawOutput {
  return {
    role,
    command: [...command],
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.timedOut,
    stdout: r.stdout,
    stderr: r.stderr,
    durationMs: r.durationMs,
  };
}
