import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from './paths.js';

/** Runs the CLI in this process, as `cnibench ARGV...`, and collects its output. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr, env: { NO_COLOR: '1' } });
  return { code, out, err };
}

/** The real lab run kept as a fixture (scenarios bridge-native and vxlan, run 8ec1ui). */
export const REAL_RUN = join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-quick-bridge-vxlan.json');

/**
 * A copy of the real run under another run id (and `vxlanAs` for the scenario vxlan), in a new
 * temporary directory: two runs sharing scenario names.
 */
export async function secondRun(id = 'b2run2', vxlanAs?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-cli-test-'));
  const doc = JSON.parse(await readFile(REAL_RUN, 'utf8')) as {
    run: { id: string };
    scenarios: { name: string }[];
    results: { scenario: string }[];
  };
  doc.run.id = id;
  if (vxlanAs !== undefined) {
    for (const x of doc.scenarios) if (x.name === 'vxlan') x.name = vxlanAs;
    for (const x of doc.results) if (x.scenario === 'vxlan') x.scenario = vxlanAs;
  }
  const file = join(dir, `cnibench-${id}.json`);
  await writeFile(file, JSON.stringify(doc));
  return file;
}
