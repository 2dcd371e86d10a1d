#!/usr/bin/env node
// Extracts the per-repetition values of real runs into a compact calibration fixture:
//   node scripts/calibration-fixture.mjs OUT.json "how the runs were made" RESULT.json...
// One series per scenario/placement/measurement/variant/metric, in the order measured; metrics
// whose values never vary (path MTU, offered rate, a loss of 0 throughout) are left out.
// Needs a build (npm run build): it reads results and values as `cnibench compare` does.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { readResult } from '../dist/src/results/read.js';
import { metricValues } from '../dist/src/compare/compare.js';
import { metricInfo } from '../dist/src/measure/metrics.js';

const [out, note, ...files] = process.argv.slice(2);
if (out === undefined || note === undefined || files.length === 0) {
  process.stderr.write('usage: node scripts/calibration-fixture.mjs OUT.json NOTE RESULT.json...\n');
  process.exit(2);
}
const SKIP = new Set(['path_mtu', 'offered_gbps', 'total_datagrams', 'lost_datagrams']);
const runs = [];
const series = [];
for (const file of files) {
  const doc = await readResult(file);
  runs.push({
    id: doc.run.id,
    suite: doc.run.suite,
    startedAt: doc.run.startedAt,
    kernel: doc.run.host.kernel,
  });
  for (const r of doc.results) {
    for (const s of r.summaries) {
      if (SKIP.has(s.metric)) continue;
      const values = metricValues(r.repetitions, s.metric).map((v) => +v.toPrecision(6));
      if (values.length < 10 || new Set(values).size === 1) continue;
      const info = metricInfo(s.metric);
      series.push({
        id: `${r.scenario}/${r.placement}/${r.measurement}/${r.variant}/${s.metric}`,
        unit: info.unit,
        better: info.better,
        values,
      });
    }
  }
}
const doc = { note, runs, series };
writeFileSync(out, `${JSON.stringify(doc, null, 0).replace(/\{"id"/g, '\n{"id"')}\n`);
process.stdout.write(`${out}: ${series.length} series from ${runs.length} run(s)\n`);
