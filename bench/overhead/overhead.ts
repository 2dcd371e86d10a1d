import { median } from '../../src/stats/bootstrap.js';
import { runCnibench, type CliRun } from '../lib/cnibench.js';
import { pct, sig, type FigureLog } from '../lib/figure.js';
import type { MonitorReport } from '../lib/monitor.js';
import { breakdown, type Breakdown } from './breakdown.js';

export interface OverheadOptions {
  /** Runs of the quick suite (the figure is their median). */
  quickRuns: number;
  /** full: every profile; reduced: one profile, one repetition each; skip. */
  standard: 'full' | 'reduced' | 'skip';
  scenarios?: string[];
}

const MAX_RATIO = 1.1;
const MAX_TOOL_CPU_PCT = 1;
const MAX_RSS_MB = 150;

interface Measured {
  label: string;
  command: string;
  b: Breakdown;
  m: MonitorReport;
  failures: number;
}

/** Runs a suite as a user would, watched: wall time by phase and the process's own CPU and memory. */
async function measured(label: string, args: string[]): Promise<Measured> {
  const r: CliRun = await runCnibench(args, { monitor: true });
  if (r.doc === undefined || r.monitor === undefined) {
    throw new Error(
      `${r.argv.join(' ')} wrote no result (exit ${r.exitCode}): ${r.lines
        .slice(-5)
        .map((l) => l.text)
        .join(' / ')}`,
    );
  }
  return {
    label,
    command: r.argv.join(' '),
    b: breakdown(r.doc, r.spawnedAt, r.exitedAt),
    m: r.monitor,
    failures: r.doc.failures.length,
  };
}

/** Overhead and own CPU of the quick suite and of the standard suite. */
export async function overhead(o: OverheadOptions, log: FigureLog): Promise<void> {
  const scen = o.scenarios ? ['--scenario', o.scenarios.join(',')] : [];
  const quick: Measured[] = [];
  for (let i = 0; i < o.quickRuns; i++) {
    quick.push(await measured('quick', ['run', '--suite', 'quick', ...scen, '-o', 'none']));
  }
  reportOverhead('quick', quick, log);
  const runs = [...quick];
  if (o.standard !== 'skip') {
    const args =
      o.standard === 'full'
        ? ['run', '--suite', 'standard', ...scen, '-o', 'none']
        : [
            'run',
            '--suite',
            'standard',
            '--scenario',
            o.scenarios?.[0] ?? 'bridge-native',
            '--repeat',
            '1',
            '-o',
            'none',
          ];
    const label = o.standard === 'full' ? 'standard' : 'standard (reduced: one profile, 1 repetition)';
    const s = await measured(label, args);
    reportOverhead(label, [s], log);
    runs.push(s);
  } else {
    log.add({
      section: 'overhead',
      name: 'standard: wall time / measured time',
      value: 'skipped (--quick or --standard skip)',
      target: `at most ${MAX_RATIO}`,
      met: null,
    });
  }
  reportOwnCpu(runs, log);
}

function reportOverhead(label: string, runs: readonly Measured[], log: FigureLog): void {
  const ratios = runs.map((r) => r.b.wallS / r.b.measuredS);
  const mid = runs[ratios.indexOf(median(ratios))] ?? runs[0]!;
  const ratio = median(ratios);
  const range = runs.length > 1 ? ` (${runs.length} runs: ${ratios.map((x) => sig(x, 3)).join(', ')})` : '';
  log.add({
    section: 'overhead',
    name: `${label}: wall time / measured time`,
    value: `${sig(ratio, 3)}${range}; ${sig(mid.b.wallS, 4)} s for ${sig(mid.b.measuredS, 4)} s measured in ${mid.b.repetitions} repetitions`,
    target: `at most ${MAX_RATIO}`,
    met: ratio <= MAX_RATIO,
    ...(mid.failures > 0 ? { note: `${mid.failures} failures in the run` } : {}),
  });
  const b = mid.b;
  const byKind = Object.entries(b.inRepByKind)
    .map(([k, s]) => `${k} ${sig(s, 3)} s`)
    .join(', ');
  log.add({
    section: 'overhead',
    name: `${label}: where the rest went`,
    value:
      `start-up ${sig(b.startS, 3)} s, lab build ${sig(b.buildS, 3)} s, in repetitions outside the tools ${sig(b.inRepS, 3)} s ` +
      `(${sig((b.inRepS / b.repetitions) * 1000, 3)} ms each; ${byKind}), between repetitions ${sig(b.betweenS, 3)} s, ` +
      `teardown and report ${sig(b.endS, 3)} s`,
    target: '',
    met: null,
  });
}

function reportOwnCpu(runs: readonly Measured[], log: FigureLog): void {
  for (const label of [...new Set(runs.map((r) => r.label))]) {
    const mine = runs.filter((r) => r.label === label);
    const toolS = mine.reduce((a, r) => a + r.m.toolS, 0);
    const toolCpuS = mine.reduce((a, r) => a + r.m.toolCpuS, 0);
    const p = (toolCpuS / toolS) * 100;
    log.add({
      section: 'own-cpu',
      name: `${label}: cnibench's own CPU while a tool runs`,
      value: `${pct(p, 2)} of a core (${sig(toolCpuS, 3)} s CPU over ${sig(toolS, 4)} s of tool time, ${mine.length} run(s))`,
      target: `under ${MAX_TOOL_CPU_PCT}% of a core`,
      met: p < MAX_TOOL_CPU_PCT,
    });
    const rss = Math.max(...mine.map((r) => r.m.peakRssMb));
    log.add({
      section: 'own-cpu',
      name: `${label}: cnibench's peak memory`,
      value: `${sig(rss, 3)} MB RSS`,
      target: `under ${MAX_RSS_MB} MB`,
      met: rss < MAX_RSS_MB,
    });
    const r = mine[0]!;
    log.add({
      section: 'own-cpu',
      name: `${label}: cnibench's own CPU over the whole run`,
      value:
        `${sig(r.m.totalCpuS, 3)} s in ${sig(r.b.wallS, 4)} s (${pct((r.m.totalCpuS / r.b.wallS) * 100)} of a core): ` +
        `before the first tool ${sig(r.m.beforeCpuS, 3)} s, between tools ${sig(r.m.betweenCpuS, 3)} s, ` +
        `while tools ran ${sig(r.m.toolCpuS, 3)} s, after the last ${sig(r.m.afterCpuS, 3)} s`,
      target: '',
      met: null,
    });
  }
}
