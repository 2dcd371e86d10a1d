import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../helpers/paths.js';

interface PackReport {
  name: string;
  version: string;
  size: number;
  files: { path: string; mode: number }[];
}

interface PackageJson {
  version: string;
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
  engines: { node: string };
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;

/** What `npm pack` would put in the tarball, from npm itself (offline; dist/ comes from the test build). */
async function packList(): Promise<PackReport> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
  });
  const reports = JSON.parse(stdout) as PackReport[];
  assert.equal(reports.length, 1);
  return reports[0]!;
}

test('the npm tarball holds what a user runs and reads, and no tests, sources or sourcemaps', async () => {
  const report = await packList();
  const paths = new Set(report.files.map((f) => f.path));
  for (const needed of [
    'package.json',
    'README.md',
    'LICENSE',
    'dist/src/cli/bin.js',
    'dist/src/cli/main.js',
    'docs/install.md',
    'docs/kubernetes.md',
    'deploy/rbac.yaml',
    'deploy/job.yaml',
    'deploy/job-results.yaml',
    'deploy/krew/cnibench.yaml',
    'images/tools/Dockerfile',
    'examples/testcluster.yaml',
  ]) {
    assert.ok(paths.has(needed), `${needed} is in the tarball`);
  }
  const unwanted = [...paths].filter((p) =>
    /^(dist\/test\/|test\/|src\/|scripts\/|\.github\/|images\/cli\/|node_modules\/)|\.map$|\.ts$/.test(p),
  );
  assert.deepEqual(unwanted, [], 'nothing a user does not need');
  assert.ok(report.size < 400 * 1024, `packed size ${report.size} bytes is under 400 kB`);
});

test('both bins are the built CLI entry, which starts with a node shebang', () => {
  assert.deepEqual(pkg.bin, { cnibench: 'dist/src/cli/bin.js', 'kubectl-cnibench': 'dist/src/cli/bin.js' });
  const entry = readFileSync(join(REPO_ROOT, pkg.bin['cnibench']!), 'utf8');
  assert.match(entry.split('\n')[0]!, /^#!\/usr\/bin\/env node$/);
});

test('packing builds afresh: prepack clears dist/, prepare (run right after it, and on git installs) builds', () => {
  assert.match(pkg.scripts['prepack']!, /rmSync\('dist'/);
  assert.equal(pkg.scripts['prepare'], 'npm run build');
  assert.match(pkg.engines.node, /^>=20/);
});
