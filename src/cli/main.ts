import { isCnibenchError } from '../model/errors.js';
import { redact } from '../model/redact.js';
import { VERSION } from '../version.js';
import { helpText, parseCommandArgs, type CommandSpec, type Io } from './args.js';
import { cleanupSpec } from './commands/cleanup.js';
import { compareSpec } from './commands/compare.js';
import { doctorSpec } from './commands/doctor.js';
import { importSpec } from './commands/import.js';
import { profilesSpec } from './commands/profiles.js';
import { reportSpec } from './commands/report.js';
import { runSpec } from './commands/run.js';

/** Every command, by name. `docs/cli.md` is generated from these. */
export const COMMANDS: CommandSpec[] = [
  runSpec,
  compareSpec,
  reportSpec,
  doctorSpec,
  cleanupSpec,
  profilesSpec,
  importSpec,
];

function usage(): string {
  const lines = [
    'cnibench: measure and compare the network performance of Kubernetes CNI plugins',
    '',
    'Commands:',
  ];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(9)} ${c.summary}`);
  lines.push(
    '',
    'Run `cnibench COMMAND --help` for its options. Exit codes: 0 ok, 1 failures or regression, 2 usage error, 130 interrupted.',
  );
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    io.stdout.write(`cnibench ${VERSION}\n`);
    return 0;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  try {
    if (!spec) {
      io.stderr.write(`error: unknown command "${name}"\n${usage()}`);
      return 2;
    }
    const args = parseCommandArgs(spec, rest);
    if (args.values.help === true) {
      io.stdout.write(helpText(spec));
      return 0;
    }
    return await spec.run(args, io);
  } catch (e) {
    if (isCnibenchError(e)) {
      io.stderr.write(`error [${e.code}]: ${e.message}\n`);
      if (e.details) io.stderr.write(`${e.details.replace(/^/gm, '  ')}\n`);
      if (e.hint) io.stderr.write(`fix: ${e.hint}\n`);
      return e.exitCode;
    }
    io.stderr.write(
      `internal error: ${redact(e instanceof Error ? (e.stack ?? e.message) : String(e))}\nplease report this with the command you ran.\n`,
    );
    return 1;
  }
}
