import { parseArgs } from 'node:util';
import { FigureLog, metText } from './lib/figure.js';
import { machineLoad } from './lib/proc.js';
import { SECTIONS, type Mode } from './sections.js';
import { updateReadme, type SectionRecord } from './readme.js';

const USAGE = `Usage: npm run bench -- [--quick] [--only SECTION,...] [--scenario NAME,...] [--readme]

Measures cnibench itself and prints every figure with its target and whether it is met.
Needs root and a built tree (npm run build). Sections: ${SECTIONS.map((s) => s.name).join(', ')}.

  --quick          a shorter pass (fewer pairs and cases, no standard suite); see bench/README.md
                   (also CNIBENCH_BENCH_QUICK=1)
  --only LIST      only these sections
  --scenario LIST  restrict the lab profiles of the fidelity, overhead and own-cpu runs
  --standard WHAT  overhead of the standard suite: reduced (one profile, 1 repetition: about 10
                   minutes; the default without --quick), full (every profile, 3 repetitions:
                   hours), or skip (the default with --quick)
  --readme         write the figures into bench/README.md, each with its command and date
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: process.env.CNIBENCH_BENCH_QUICK === '1' },
      only: { type: 'string' },
      scenario: { type: 'string' },
      standard: { type: 'string' },
      readme: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench: needs root (the lab creates network namespaces)\n');
    return 2;
  }
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((n) => !SECTIONS.some((s) => s.name === n)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown section ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const standard = values.standard ?? (values.quick ? 'skip' : 'reduced');
  if (!['full', 'reduced', 'skip'].includes(standard)) {
    process.stderr.write(`bench: --standard is full, reduced or skip, not ${standard}\n`);
    return 2;
  }
  const mode: Mode = {
    quick: values.quick,
    ...(values.scenario ? { scenarios: values.scenario.split(',') } : {}),
    standard: standard as Mode['standard'],
  };
  const all: SectionRecord[] = [];
  for (const s of SECTIONS.filter((x) => only === undefined || only.includes(x.name))) {
    const before = machineLoad();
    const date = new Date().toISOString();
    process.stdout.write(`\n== ${s.name}: ${s.title} (load ${before.load1} on ${before.cpus} CPUs)\n`);
    const log = new FigureLog();
    await s.run(mode, log);
    const after = machineLoad();
    all.push({
      section: s.name,
      title: s.title,
      command: commandLine(s.name, values.quick),
      date,
      load: `load average ${before.load1} at the start, ${after.load1} at the end, ${before.cpus} CPUs`,
      figures: log.figures,
    });
  }
  const figures = all.flatMap((a) => a.figures);
  const count = (m: string): number => figures.filter((f) => metText(f) === m).length;
  process.stdout.write(
    `\n${figures.length} figures: ${count('met')} met, ${count('not met')} not met, ${count('not measured')} not measured, ${count('info')} for information\n`,
  );
  if (values.readme) updateReadme(all);
  return 0;
}

/** The command that reproduces one section with the options of this run. */
function commandLine(section: string, quick: boolean): string {
  const rest = process.argv
    .slice(2)
    .filter((a, i, xs) => a !== '--readme' && !/^--only/.test(a) && !/^--only/.test(xs[i - 1] ?? ''));
  const env = quick && !rest.includes('--quick') ? ['--quick'] : [];
  return ['npm run bench --', '--only', section, ...env, ...rest].join(' ');
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
