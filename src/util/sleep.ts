/**
 * Waits `ms`, or less if `signal` aborts first. Resolves either way and leaves no listener on
 * the signal behind, so a loop may poll with one long-lived signal (Node warns past ten).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
