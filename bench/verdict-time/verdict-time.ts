import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../../src/stats/bootstrap.js';
import { runCnibench } from '../lib/cnibench.js';
import { pct, sig, type FigureLog } from '../lib/figure.js';
import { equivalentFixedN, fixedPower } from './equivalent.js';
import { crossNodeVerdict, type Decided } from './decided.js';

export interface VerdictTimeOptions {
  /** Rounds of the three cross-node runs, in alternating order. */
  rounds: number;
}

const PAIR = ['bridge-native', 'vxlan'];
/** `--repeat auto` must take at most this share of the fixed design's time. */
const MAX_SHARE = 0.7;

/** quick's settings (1 s single-stream TCP, no warm-up), on the cross-node placement only. */
function config(): object {
  return {
    version: 1,
    target: 'lab',
    scenarios: PAIR.map((p) => ({ name: p, target: 'lab', profile: p })),
    suites: {
      cross: {
        repeat: 6,
        duration: '1s',
        warmup: '0s',
        placements: ['cross-node'],
        measurements: [{ kind: 'tcp', streams: [1] }],
      },
    },
  };
}

interface Timed {
  wallS: number;
  decided: Decided;
}

async function timedRun(args: string[]): Promise<Timed> {
  const r = await runCnibench(args);
  if (r.doc === undefined) throw new Error(`${r.argv.join(' ')} wrote no result (exit ${r.exitCode})`);
  return { wallS: r.wallS, decided: crossNodeVerdict(r.doc) };
}

/**
 * How long cnibench takes to decide bridge-native against vxlan on the cross-node path:
 * `--repeat auto` (the sequential rule) against the fixed number of repetitions with the same
 * error rates, and against quick's fixed 6; the whole quick suite both ways for the record.
 */
export async function verdictTime(o: VerdictTimeOptions, log: FigureLog): Promise<void> {
  const eq = equivalentFixedN();
  log.add({
    section: 'verdict-time',
    name: 'fixed repetitions at the error rates of --repeat auto',
    value:
      `${eq.fixedN} per side: at alpha ${eq.alpha} it finds a shift of ${sig(eq.shiftSd)} standard deviations ` +
      `${pct(eq.fixedPower * 100, 0)} of the time, where the sequential rule (looks at 5..${eq.cap}) has ${pct(eq.power * 100, 0)} ` +
      `power and uses ${sig(eq.sequentialMeanN)} repetitions on average (${eq.simulations} simulations with cnibench's own rule and test)`,
    target: '',
    met: null,
  });
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-verdict-'));
  try {
    const file = join(dir, 'cross.json');
    writeFileSync(file, JSON.stringify(config()));
    const base = ['run', '--config', file, '--suite', 'cross', '-o', 'none'];
    const designs = [
      { name: '--repeat auto', args: [...base, '--repeat', 'auto'] },
      { name: `--repeat ${eq.fixedN} (same error rates)`, args: [...base, '--repeat', String(eq.fixedN)] },
      { name: '--repeat 6 (quick\u2019s count)', args: [...base, '--repeat', '6'] },
    ];
    const runs = new Map<string, Timed[]>(designs.map((d) => [d.name, []]));
    for (let round = 1; round <= o.rounds; round++) {
      const order = round % 2 === 1 ? designs : [...designs].reverse();
      for (const d of order) runs.get(d.name)!.push(await timedRun(d.args));
    }
    const wall = (name: string): number => median(runs.get(name)!.map((t) => t.wallS));
    for (const d of designs) {
      const t = runs.get(d.name)!;
      log.add({
        section: 'verdict-time',
        name: `cross-node bridge-native vs vxlan, ${d.name}`,
        value: `${sig(wall(d.name))} s (median of ${t.length}: ${t.map((x) => sig(x.wallS)).join(', ')} s); ${t.map((x) => x.decided.text).join(' | ')}`,
        target: '',
        met: null,
      });
    }
    const share = wall(designs[0]!.name) / wall(designs[1]!.name);
    log.add({
      section: 'verdict-time',
      name: '--repeat auto against fixed repetitions at the same error rates',
      value: `${faster(share)} (${sig(wall(designs[0]!.name))} s vs ${sig(wall(designs[1]!.name))} s)`,
      target: `at least ${pct((1 - MAX_SHARE) * 100, 0)} faster`,
      met: share <= MAX_SHARE,
      note: 'wall time of the median run; the verdicts are in the lines above',
    });
    const vsQuick = wall(designs[0]!.name) / wall(designs[2]!.name);
    log.add({
      section: 'verdict-time',
      name: '--repeat auto against quick\u2019s fixed 6 (not the same error rates)',
      value: `${faster(vsQuick)}; 6 fixed repetitions find the shift of ${sig(eq.shiftSd)} standard deviations ${pct(100 * fixedPower(6, eq.shiftSd, eq.alpha), 0)} of the time, not ${pct(eq.power * 100, 0)}`,
      target: '',
      met: null,
    });
    await wholeQuick(log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The whole quick suite (three placements) with its fixed 6 and with --repeat auto, for the record. */
async function wholeQuick(log: FigureLog): Promise<void> {
  const scen = ['--scenario', PAIR.join(',')];
  for (const extra of [[], ['--repeat', 'auto']]) {
    const r = await runCnibench(['run', '--suite', 'quick', ...scen, ...extra, '-o', 'none']);
    if (r.doc === undefined) throw new Error(`${r.argv.join(' ')} wrote no result (exit ${r.exitCode})`);
    const reps = r.doc.results
      .filter((x) => x.scenario === PAIR[1])
      .map((x) => `${x.placement} ${x.repetitions.length}`)
      .join(', ');
    log.add({
      section: 'verdict-time',
      name: `whole quick suite${extra.length > 0 ? ' --repeat auto' : ''} (${PAIR.join(' vs ')})`,
      value: `${sig(r.wallS)} s; repetitions per side: ${reps}; ${crossNodeVerdict(r.doc).text}`,
      target: '',
      met: null,
    });
  }
}

/** "30% faster" or "22% slower" for a share of the reference's time. */
function faster(share: number): string {
  return share <= 1 ? `${pct((1 - share) * 100, 0)} faster` : `${pct((share - 1) * 100, 0)} slower`;
}
