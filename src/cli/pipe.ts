/**
 * A reader that stops early (`cnibench report x.json -o json | head -1`) closes the pipe; the
 * next write fails with EPIPE. That is no error of cnibench: the output is dropped quietly and
 * the command ends with its own exit code, as `head` users expect, with no stack trace.
 */
export function quietOnClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    if (stream !== process.stderr) process.stderr.write(`error: cannot write output: ${e.message}\n`);
    process.exitCode = 1;
  });
}
