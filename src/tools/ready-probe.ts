import { parsed, unparsable, type ParseResult } from './common.js';

/**
 * A shell loop that tries a TCP connection (an HTTP request with curl, `connectTimeoutS` per
 * attempt) until one succeeds or `maxAttempts` are spent; it prints the wall clock of the success
 * (`ok=<ns since the epoch>`) and the attempts made, pausing 20 ms after a failure. Run in a new
 * pod from before its network is set up (or right after it was reported ready): the time from
 * that report to `ok` is how long the pod still could not connect.
 */
export function readyProbeArgv(url: string, maxAttempts: number, connectTimeoutS = 0.05): string[] {
  const script =
    'i=0; while :; do i=$((i+1)); ' +
    `if curl -s -o /dev/null --connect-timeout ${connectTimeoutS} --max-time 2 "$0"; then ` +
    'echo "ok=$(date +%s%N) attempts=$i"; exit 0; fi; ' +
    'if [ "$i" -ge "$1" ]; then echo "failed attempts=$i"; exit 1; fi; sleep 0.02; done';
  return ['sh', '-c', script, url, String(maxAttempts)];
}

export interface ReadyProbe {
  /** Wall clock of the first successful connection, ms since the epoch. */
  okAtMs: number;
  attempts: number;
}

/** Parses the probe's output. Pure; never throws. */
export function parseReadyProbe(stdout: string): ParseResult<ReadyProbe> {
  const ok = /^ok=(\d+) attempts=(\d+)$/m.exec(stdout);
  if (ok !== null) return parsed({ okAtMs: Number(ok[1]) / 1e6, attempts: Number(ok[2]) });
  const failed = /^failed attempts=(\d+)$/m.exec(stdout);
  if (failed !== null) {
    return unparsable('TOOL_FAILED', `the new pod made no connection in ${failed[1]} attempts`);
  }
  return unparsable(
    'TOOL_OUTPUT_INVALID',
    `the connection probe printed no result: ${stdout.trim().slice(0, 200) || '(nothing)'}`,
  );
}
