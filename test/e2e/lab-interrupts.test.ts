import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch } from 'node:fs';
import { checkOutputDir } from '../../src/results/output-dir.js';
import { readResult } from '../../src/results/read.js';
import { count } from '../helpers/reliability.js';
import {
  cleanup,
  finishedReps,
  leftovers,
  lost,
  outputs,
  runIdOf,
  startLabRun,
  states,
  suiteYaml,
  until,
  type LabRun,
} from '../helpers/lab-run.js';
import { rootSkip } from '../helpers/root.js';

const skip = rootSkip();

/**
 * Every way to stop a lab run, at every phase: SIGINT, SIGTERM and SIGHUP (the run stops,
 * cleans up, saves what it measured and exits 130) and kill -9 followed by `cnibench cleanup`
 * (which removes everything). A run stopped after its last repetition is saved as complete.
 */

type Phase = 'feature probe' | 'build' | 'measuring' | 'teardown' | 'writing';
const PHASES: Phase[] = ['feature probe', 'build', 'measuring', 'teardown', 'writing'];
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL'] as const;

const SUITE = suiteYaml({ repeat: 2, duration: 2, placements: ['same-node'] });

/** Waits for the phase and sends the signal in it; resolves with the run's id, if it printed one. */
async function hit(r: LabRun, phase: Phase, sig: NodeJS.Signals): Promise<void> {
  const pid = r.cli.child.pid!;
  const mine = (): ReturnType<typeof states> =>
    states(r.registry).filter((s) => !s.runId.startsWith('probe-'));
  switch (phase) {
    case 'feature probe':
      // the probe records itself in the registry before it creates its namespace
      await until(
        'the feature probe',
        () => states(r.registry).some((s) => s.runId.startsWith('probe-')),
        60_000,
      );
      break;
    case 'build':
      await until('the first namespace', () => mine().some((s) => s.namespaces.length > 0), 90_000);
      break;
    case 'measuring':
      await until('a server', () => mine().some((s) => s.processes.length > 0), 90_000);
      await new Promise((res) => setTimeout(res, 500));
      break;
    case 'teardown':
      await until('the last repetition', () => / rep 2\/2: /.test(r.cli.stderr()), 120_000);
      break;
    case 'writing': {
      // Teardown ends by removing the state file; the result is written right after. Freeze the
      // run the moment the file goes (inotify), so that the signal lands while it writes.
      await until('the last repetition', () => / rep 2\/2: /.test(r.cli.stderr()), 120_000);
      await new Promise<void>((resolve) => {
        const w = watch(r.registry, () => {
          if (mine().length > 0) return;
          w.close();
          resolve();
        });
        if (mine().length === 0) {
          w.close();
          resolve();
        }
      });
      process.kill(pid, 'SIGSTOP');
      process.kill(pid, sig);
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // killed (SIGKILL) while stopped
      }
      return;
    }
  }
  process.kill(pid, sig);
}

/** The run ended before the signal could reach it (it can finish writing within milliseconds). */
class Missed extends Error {}

async function interrupt(phase: Phase, sig: (typeof SIGNALS)[number]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await interruptOnce(phase, sig);
    } catch (e) {
      if (!(e instanceof Missed) || attempt === 3) throw e;
    }
  }
}

async function interruptOnce(phase: Phase, sig: (typeof SIGNALS)[number]): Promise<void> {
  const r = await startLabRun(SUITE);
  let sent = 0;
  try {
    try {
      await hit(r, phase, sig);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      await r.cli.exit;
      leftovers(r, runIdOf(r));
      throw new Missed(`${sig} at ${phase}: the run had ended`);
    }
    sent = Date.now();
    count('interruptions', 1, `${sig} at ${phase}`);
    const { code, signal } = await r.cli.exit;
    const seconds = (Date.now() - sent) / 1000;
    const runId = runIdOf(r);
    if (sig === 'SIGKILL') {
      assert.equal(signal, 'SIGKILL');
      const c = await cleanup(r);
      assert.equal(c.code, 0, `${c.stdout}${c.stderr}`);
      await checkOutputDir(r.out); // what the next run writing there does first: debris goes
    } else {
      assert.equal(code, 130, `${sig} at ${phase}: exit ${code}\n${r.cli.stderr()}`);
      assert.ok(seconds < 30, `${sig} at ${phase}: exited ${seconds} s after the signal`);
    }
    const { finals, partials } = outputs(r.out);
    const file = finals[0] ?? partials[0];
    const reported = finishedReps(r);
    if (file === undefined) {
      assert.equal(
        reported,
        0,
        `${sig} at ${phase}: no result file, though ${reported} repetitions finished`,
      );
    } else {
      const doc = await readResult(file);
      const saved = doc.results.reduce((n, x) => n + x.repetitions.length, 0);
      assert.equal(lost(reported, saved, `${sig} at ${phase}`), 0, `${sig} at ${phase}: measurements lost`);
      if (sig !== 'SIGKILL') {
        assert.equal(finals.length, 1, `${sig} at ${phase}: the final result is written`);
        const after = phase === 'teardown' || phase === 'writing';
        assert.equal(doc.run.status, after ? 'complete' : 'interrupted', `${sig} at ${phase}`);
      }
    }
    assert.deepEqual(leftovers(r, runId), [], `${sig} at ${phase}: left behind`);
  } finally {
    if (r.cli.child.exitCode === null && r.cli.child.signalCode === null) r.cli.child.kill('SIGKILL');
    r.stopWatching();
  }
}

// Three at a time: each run builds its own lab (own namespaces, registry and output directory).
test(
  'SIGINT, SIGTERM, SIGHUP and kill -9 + cleanup at every phase of a lab run',
  { skip, timeout: 1_800_000, concurrency: 3 },
  async (t) => {
    const only = process.env.CNIBENCH_E2E_ONLY?.split(',');
    const cases = PHASES.flatMap((phase) => SIGNALS.map((sig) => [phase, sig] as const)).filter(
      ([phase, sig]) => only === undefined || only.includes(`${phase}:${sig}`),
    );
    await Promise.all(
      cases.map(([phase, sig]) =>
        t.test(`${sig} at ${phase}`, { timeout: 300_000 }, () => interrupt(phase, sig)),
      ),
    );
  },
);
