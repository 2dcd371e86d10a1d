/**
 * Benchmark (prints figures, asserts nothing): a whole `run --mesh` (rr and tcp, --pairs 2N)
 * against the fake API server for clusters of several sizes, and the Kubernetes API calls it
 * made: REST requests and exec connections. Run through bench/mesh-api-calls.sh.
 */
import { runFakeMesh } from '../helpers/fake-mesh-run.js';

const sizes = process.argv.slice(2).map(Number);
const rows = [
  ['nodes', 'usable', 'pairs', 'tests', 'REST calls', 'exec connections', 'total', 'per node', 'seconds'],
];
for (const n of sizes.length > 0 ? sizes : [10, 100, 250, 500, 1000]) {
  const r = await runFakeMesh(n, 2 * n);
  const usable = Number(r.doc.scenarios[0]?.environment.mesh_nodes ?? 0);
  const tests = (r.doc.mesh ?? []).length;
  rows.push([
    String(n),
    String(usable),
    String(Math.min(2 * n, usable * (usable - 1))),
    String(tests),
    String(r.calls.rest),
    String(r.calls.exec),
    String(r.calls.total),
    (r.calls.total / n).toFixed(2),
    r.seconds.toFixed(1),
  ]);
  if (r.mesh.violations.length > 0)
    console.error(`${n} nodes: ${r.mesh.violations.length} overlapping tests!`);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
console.log(
  'tests: pair results (rr and tcp per pair); exec connections: one shell per mesh pod used, for all its commands',
);
