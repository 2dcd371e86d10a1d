import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ResultDocument } from '../../src/results/schema.js';
import { KubeApi, type List, type Namespace } from '../../src/targets/kubernetes/api/index.js';
import { REPO_ROOT } from './paths.js';

/** The real test cluster of ../shared/testcluster, for the Kubernetes end-to-end tests. */
export const K8S_SKIP =
  process.env['CNIBENCH_K8S_E2E'] === '1'
    ? false
    : 'set CNIBENCH_K8S_E2E=1 with the test cluster running and KUBECONFIG set (scripts/ci-kubernetes.sh does both)';
export const KUBECONFIG = process.env['KUBECONFIG'] ?? '/var/cache/cnibench-testcluster/admin.kubeconfig';
export const IMAGE = process.env['CNIBENCH_TOOLS_IMAGE'] ?? 'localhost/cnibench-tools:latest';
export const TESTCLUSTER =
  process.env['CNIBENCH_TESTCLUSTER'] ?? join(REPO_ROOT, '..', 'shared', 'testcluster');
export const K8S_ENV = { KUBECONFIG };
export const ALL_PLACEMENTS = ['same-node', 'cross-node', 'host', 'service'];
/** The image flags of a run without a config file (the kit's image is preloaded on the nodes). */
export const IMAGE_FLAGS = ['--target', 'kubernetes', '--image', IMAGE, '--image-pull-policy', 'Never'];

const run = promisify(execFile);

/** Restarts the test cluster (`stop`, then `start ARGS`): an empty cluster each time, about a minute. */
export async function restartCluster(args: readonly string[]): Promise<void> {
  await run(join(TESTCLUSTER, 'stop'), [], { timeout: 180_000 });
  await run(join(TESTCLUSTER, 'start'), [...args], { timeout: 300_000 });
}

export async function stopCluster(): Promise<void> {
  await run(join(TESTCLUSTER, 'stop'), [], { timeout: 180_000 });
}

export async function resultDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'cnibench-k8s-e2e-'));
}

export async function resultOf(dir: string): Promise<ResultDocument> {
  const files = (await readdir(dir)).filter((f) => /^cnibench-.*\.json$/.test(f));
  assert.equal(files.length, 1, `one result in ${dir}: ${files.join(', ')}`);
  return JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) as ResultDocument;
}

export async function resultFile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => /^cnibench-.*\.json$/.test(f));
  return join(dir, files[0]!);
}

/** Namespaces cnibench created that still exist (terminating ones included). */
export async function leftovers(): Promise<string[]> {
  const api = new KubeApi({ kubeconfig: KUBECONFIG });
  const l = await api.get<List<Namespace>>(
    '/api/v1/namespaces?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcnibench',
  );
  return l.items.map((n) => n.metadata.name ?? '');
}

/**
 * Namespaces cnibench created that are still there once the cluster had time to finish the
 * deletions a run started (a run waits 2 s for them, then leaves them to the cluster).
 */
export async function leftoversAfterRun(timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await leftovers();
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function okReps(doc: ResultDocument, placement: string, kind: string, variant?: string): number {
  return doc.results
    .filter(
      (r) =>
        r.placement === placement &&
        r.measurement === kind &&
        (variant === undefined || r.variant === variant),
    )
    .flatMap((r) => r.repetitions)
    .filter((r) => r.status === 'ok').length;
}

/**
 * Every measurement variant of the run on every placement: measured (an ok repetition with
 * figures), or skipped with a reason (the placement, or the measurement on it). Nothing failed.
 */
export function assertAllMeasuredOrSkipped(doc: ResultDocument, placements: readonly string[]): void {
  assert.deepEqual(doc.failures, [], 'no failures');
  const scenario = doc.scenarios[0]!;
  const skippedPlacements = new Map(scenario.unsupportedPlacements.map((u) => [u.placement, u.reason]));
  const variants = new Set([
    ...doc.results.map((r) => `${r.measurement} ${r.variant}`),
    ...doc.skipped.map((s) => `${s.measurement} ${s.variant}`),
  ]);
  for (const p of placements) {
    if (skippedPlacements.has(p)) {
      assert.ok((skippedPlacements.get(p) ?? '').length > 10, `${p} skipped with a reason`);
      assert.equal(doc.results.filter((r) => r.placement === p).length, 0);
      continue;
    }
    for (const v of variants) {
      const r = doc.results.find((x) => x.placement === p && `${x.measurement} ${x.variant}` === v);
      const skip = doc.skipped.find((s) => s.placement === p && `${s.measurement} ${s.variant}` === v);
      if (r === undefined) {
        assert.ok(skip !== undefined && skip.reason.length > 10, `${p} ${v}: neither measured nor skipped`);
        continue;
      }
      const ok = r.repetitions.filter((x) => x.status === 'ok');
      assert.ok(ok.length >= 1, `${p} ${v}: no ok repetition`);
      assert.ok(Object.keys(ok[0]!.metrics).length > 0, `${p} ${v}: no figures`);
    }
  }
}
