/**
 * Turns SIGINT/SIGTERM into an abort, so the run stops, cleans up and saves what it measured.
 * A third signal exits at once (130) and leaves the rest to `cnibench cleanup`.
 */
export function interruptController(
  onFirst: (sig: string) => void,
  onSecond: () => void,
): { signal: AbortSignal; dispose: () => void; interrupted: () => boolean } {
  const ac = new AbortController();
  let count = 0;
  const handler = (sig: NodeJS.Signals): void => {
    count += 1;
    if (count === 1) {
      onFirst(sig);
      ac.abort(new Error(`interrupted by ${sig}`));
    } else if (count === 2) {
      onSecond();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler);
  return {
    signal: ac.signal,
    interrupted: () => count > 0,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      process.off('SIGHUP', handler);
    },
  };
}
