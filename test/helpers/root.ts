/**
 * Tests that need root (the real lab) are skipped with a reason on a developer machine
 * without root, and fail in CI, where they must run.
 */
export function rootSkip(): string | false {
  if (process.getuid?.() === 0) return false;
  if (process.env.CI) throw new Error('the lab end-to-end tests must run as root in CI');
  return 'needs root (the lab creates network namespaces); run the tests with sudo';
}
