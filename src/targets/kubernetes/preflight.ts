import { CnibenchError } from '../../model/errors.js';
import type { CommandResult } from '../../exec/runner.js';
import { missingTools, toolCheckArgv } from '../../tools/requirements.js';
import type { ToolNeed } from '../provider.js';

/**
 * Programs every scenario runs in its pods, whatever the suite: the shell, `timeout` (every
 * command's time limit), `sleep` (the pods' command) and `nc` (the connectivity check).
 */
export const BASE_PROGRAMS = ['sh', 'timeout', 'sleep', 'nc'];

/** What an image lacks, and which measurements that stops. */
export interface ProgramCheck {
  missing: string[];
  /** Measurement variants that would fail, each with the programs it lacks. */
  failing: { measurement: string; missing: string[] }[];
}

/** Runs one `command -v` check of every needed program and says what is missing. */
export async function checkPrograms(
  run: (argv: readonly string[]) => Promise<CommandResult>,
  needs: readonly ToolNeed[],
): Promise<ProgramCheck> {
  const programs = [...new Set([...BASE_PROGRAMS, ...needs.flatMap((n) => n.programs)])];
  const r = await run(toolCheckArgv(programs));
  const missing = missingTools(programs, r);
  const failing = needs
    .map((n) => ({ measurement: n.measurement, missing: n.programs.filter((p) => missing.includes(p)) }))
    .filter((f) => f.missing.length > 0);
  return { missing, failing };
}

/** "dnsperf (dns rate=100/s); vsftpd (transfer protocol=ftp,size=256M)". */
export function describeMissing(c: ProgramCheck): string {
  return c.missing
    .map((p) => {
      const users = c.failing.filter((f) => f.missing.includes(p)).map((f) => f.measurement);
      const base = BASE_PROGRAMS.includes(p) ? 'every measurement' : users.join(', ');
      return `${p} (${base})`;
    })
    .join('; ');
}

export const PROGRAMS_FIX =
  'build the image from images/tools/Dockerfile (it has every program), or add the missing packages to yours; or leave those measurements out of the suite';

/** The preflight's verdict for a run: an error naming the image, the node and what it lacks. */
export function programsError(image: string, node: string, c: ProgramCheck): CnibenchError {
  return new CnibenchError(
    'TOOL_MISSING',
    `image ${image} on node ${node} lacks programs the suite needs: ${describeMissing(c)}`,
    { hint: PROGRAMS_FIX },
  );
}
