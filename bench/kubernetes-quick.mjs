#!/usr/bin/env node
// Benchmark (reports figures, asserts nothing): where the wall time of `cnibench run --suite
// quick` goes on the test cluster of ../shared/testcluster (running, KUBECONFIG set):
//   node bench/kubernetes-quick.mjs [IMAGE] [-- extra run flags]
// Prints the breakdown (start, pods, exec agents, paths, measuring, per-repetition overhead,
// teardown), the wall time against the sum of the measured durations, and the ETA the run
// first printed. Needs a build (npm run build).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const sep = args.indexOf('--');
const image = (sep === 0 ? undefined : args[0]) ?? 'localhost/cnibench-tools:latest';
const extra = sep >= 0 ? args.slice(sep + 1) : [];
const out = mkdtempSync(join(tmpdir(), 'cnibench-bench-k8s-'));
const bin = fileURLToPath(new globalThis.URL('../dist/src/cli/bin.js', import.meta.url));
const argv = ['run', '--target', 'kubernetes', '--image', image, '--image-pull-policy', 'Never'];
argv.push('--suite', 'quick', '--out', out, '--format', 'none', ...extra);

const t0 = Date.now();
const lines = [];
const child = spawn(process.execPath, [bin, ...argv], { env: { ...process.env, NO_COLOR: '1' } });
let buf = '';
child.stderr.setEncoding('utf8').on('data', (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf('\n')) >= 0) {
    lines.push({ at: (Date.now() - t0) / 1000, text: buf.slice(0, nl) });
    buf = buf.slice(nl + 1);
  }
});
const code = await new Promise((resolve) => child.on('close', resolve));
const wall = (Date.now() - t0) / 1000;
// the run leaves a namespace still terminating to the cluster: follow it here, to say when it went
const { KubeApi } = await import('../dist/src/targets/kubernetes/api/client.js');
const api = new KubeApi(process.env.KUBECONFIG ? { kubeconfig: process.env.KUBECONFIG } : {});
const managed = '/api/v1/namespaces?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcnibench';
let goneAfterExit;
for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
  const left = await api.get(managed).catch(() => ({ items: [] }));
  if (left.items.length === 0) {
    goneAfterExit = (Date.now() - t0) / 1000 - wall;
    break;
  }
  await new Promise((r) => globalThis.setTimeout(r, 250));
}
const at = (re) => lines.find((l) => re.test(l.text))?.at;
const file = readdirSync(out).find((f) => /^cnibench-.*\.json$/.test(f));
if (code !== 0 || file === undefined) {
  process.stderr.write(`run failed (exit ${code}):\n${lines.map((l) => l.text).join('\n')}\n`);
  process.exit(1);
}
const doc = JSON.parse(readFileSync(join(out, file), 'utf8'));
const reps = doc.results.flatMap((r) => r.repetitions);
const durationS = doc.run.parameters.duration ?? doc.run.parameters.suite.duration;
const warmupS = doc.run.parameters.suite.warmup ?? 0;
const measured = reps.length * (durationS + warmupS);
const inReps = reps.reduce((a, r) => a + r.durationMs / 1000, 0);
const first = Math.min(...reps.map((r) => Date.parse(r.startedAt)));
const last = Math.max(...reps.map((r) => Date.parse(r.startedAt) + r.durationMs));
const startS = (first - t0) / 1000;
const span = (last - first) / 1000;
const scenario = at(/^scenario .*: context /) ?? 0;
const podsReady = at(/^pods Ready after/) ?? scenario;
const agents = at(/^exec agents in/) ?? podsReady;
const saved = at(/^result: /) ?? wall;
const eta = lines
  .find((l) => /^run \w+: \d+ repetitions, about /.test(l.text))
  ?.text.replace(/^.*about /, '');
const row = (name, s, note = '') =>
  process.stdout.write(`  ${name.padEnd(34)} ${s.toFixed(1).padStart(6)} s  ${note}\n`);

process.stdout.write(
  `quick on the test cluster: ${reps.length} repetitions of ${durationS} s (+${warmupS} s warm-up)\n`,
);
row('start (CLI, client, node list)', scenario);
row('pods (namespace, 5 pods Ready)', podsReady - scenario);
row('execs (one agent per pod)', agents - podsReady);
row('preflight, environment, first path', startS - agents);
row('measuring (sum of measured time)', measured);
row(
  'execs and probes around repetitions',
  inReps - measured,
  `${((inReps - measured) / reps.length).toFixed(2)} s each`,
);
row('paths and saves between repetitions', span - inReps);
row('teardown until the result is saved', saved - (last - t0) / 1000);
row('last wait for the namespace deletion', wall - saved);
process.stdout.write(
  `  ${'wall time'.padEnd(34)} ${wall.toFixed(1).padStart(6)} s  = ${(wall / measured).toFixed(2)} x the measured time (result saved at ${saved.toFixed(1)} s = ${(saved / measured).toFixed(2)} x)\n`,
);
process.stdout.write(
  `  namespaces gone (in the cluster) ${goneAfterExit === undefined ? 'not within 60 s' : `${goneAfterExit.toFixed(1)} s after cnibench exited`}\n`,
);
process.stdout.write(`  first ETA printed: ${eta ?? '?'}\nresult: ${join(out, file)}\n`);
