import type { ResultDocument } from '../results/schema.js';
import type { ScenarioRef } from '../targets/target.js';
import { EngineRun, type EngineOptions } from './engine-run.js';
import { ORDER_PATTERN } from './order.js';
import type { PlannedScenario } from './plan.js';
import { runMesh } from './mesh.js';

export type { EngineOptions } from './engine-run.js';

/**
 * Runs scenarios x placements x measurements x repetitions. The target says which scenarios can
 * be open together; each group is built at once and its scenarios' repetitions are interleaved
 * (A B, B A, ...) so that drift hits them alike. Failures are recorded and the run goes on; what
 * a scenario cannot do is skipped with the reason; an abort stops the run after the current step,
 * keeping everything finished so far.
 */
export async function runEngine(o: EngineOptions): Promise<ResultDocument> {
  const run = new EngineRun(o);
  run.start();
  const runnable = o.plan.scenarios.filter((s) => run.admit(s)).map((s) => s.ref);
  // a mesh spreads its own tests over every node: one scenario at a time
  const groups =
    o.plan.mesh === undefined
      ? o.target.groups(runnable)
      : runnable.map((s) => ({ scenarios: [s], why: 'a mesh measures one scenario at a time' }));
  recordSchedule(o.doc, groups);
  let whole = true; // every planned step ran (a signal after the last one changes nothing)
  for (const group of groups) {
    if (o.signal.aborted) {
      whole = false;
      break;
    }
    const sessions = await run.openAll(group.scenarios);
    try {
      if (o.plan.mesh === undefined) whole &&= await run.measureGroup(sessions);
      else {
        for (const session of sessions) await runMesh({ ...o, session, mesh: o.plan.mesh }); // `run --mesh`
        whole &&= !o.signal.aborted;
      }
    } finally {
      await run.closeAll(sessions);
    }
  }
  if (whole) o.doc.run.status = 'complete';
  return o.doc;
}

function recordSchedule(doc: ResultDocument, groups: { scenarios: ScenarioRef[]; why: string }[]): void {
  const many = groups.filter((g) => g.scenarios.length > 1).length;
  const mode = many === 0 ? 'blocks' : many === groups.length ? 'interleaved' : 'mixed';
  doc.run.schedule = {
    mode,
    pattern: mode === 'blocks' ? 'one scenario after another' : ORDER_PATTERN,
    groups: groups.map((g) => ({ scenarios: g.scenarios.map((s) => s.name), why: g.why })),
  };
}

export type { PlannedScenario };
