import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison, MetricComparison } from '../../src/compare/types.js';
import { runCli } from './cli.js';

/** Runs suite `s` of `config` in `out`, with a private state directory; returns the result file. */
export async function runSuiteIn(out: string, config: string, timeoutMs: number): Promise<string> {
  const cfg = join(out, 'cfg.yaml');
  writeFileSync(cfg, config);
  const env = { CNIBENCH_STATE_DIR: join(out, 'state') };
  const r = await runCli(['run', '--config', cfg, '--suite', 's', '--out-dir', out, '-o', 'none'], {
    env,
    timeoutMs,
  });
  assert.equal(r.code, 0, r.stderr);
  const file = readdirSync(out).find((f) => f.startsWith('cnibench-') && f.endsWith('.json'));
  assert.ok(file, 'a result file');
  return join(out, file);
}

/** `cnibench compare FILE --baseline B -o json`, as data (exit 1, a regression, is an answer too). */
export async function compareJson(file: string, baseline: string): Promise<Comparison> {
  const r = await runCli(['compare', file, '--baseline', baseline, '-o', 'json'], { timeoutMs: 30_000 });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return JSON.parse(r.stdout) as Comparison;
}

/** One metric's comparison of `candidate` against the baseline; the test fails if it is missing. */
export function metricOf(
  c: Comparison,
  candidate: string,
  measurement: string,
  metric: string,
): MetricComparison {
  const pair = c.pairs.find((p) => p.candidate === candidate);
  const m = pair?.metrics.find((x) => x.measurement === measurement && x.metric === metric);
  assert.ok(m, `${candidate} ${measurement} ${metric} compared`);
  return m;
}
