import { CnibenchError, isCnibenchError } from '../model/errors.js';
import { redact } from '../model/redact.js';
import { helpText, parseCommandArgs, type CommandSpec, type Io } from './args.js';
import { cleanupSpec } from './commands/cleanup.js';
import { compareSpec } from './commands/compare.js';
import { completionSpec } from './commands/completion.js';
import { doctorSpec } from './commands/doctor.js';
import { findCommand, helpSpec } from './commands/help.js';
import { importSpec } from './commands/import.js';
import { profilesSpec } from './commands/profiles.js';
import { reportSpec } from './commands/report.js';
import { runSpec } from './commands/run.js';
import { versionSpec } from './commands/version.js';

/** Every command, by name. `docs/cli.md` and the completion scripts are generated from these. */
export const COMMANDS: CommandSpec[] = [
  runSpec,
  compareSpec,
  reportSpec,
  doctorSpec,
  cleanupSpec,
  profilesSpec,
  importSpec,
  versionSpec,
  completionSpec(() => COMMANDS),
  helpSpec(() => COMMANDS, usage),
];

function usage(): string {
  const lines = [
    'cnibench: measure and compare the network performance of Kubernetes CNI plugins',
    '',
    'Usage: cnibench COMMAND [flags]',
    '',
    'Commands:',
  ];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push(
    '',
    'Run `cnibench help COMMAND` or `cnibench COMMAND --help` for its flags. `-o/--output FORMAT` chooses',
    'what a command prints (`--json` is `-o json`), `--out-dir`/`--out-file` where files go.',
    'Exit codes: 0 ok, 1 failures or regression, 2 usage error, 130 interrupted.',
  );
  return `${lines.join('\n')}\n`;
}

/** The command a first argument names: `-v`/`--version` are `version`; other flags before a command are errors. */
function commandOf(first: string): CommandSpec {
  if (first === '-v' || first === '--version') return versionSpec;
  if (first.startsWith('-')) {
    throw new CnibenchError('USAGE', `unknown flag ${first} before a command`, {
      hint: 'flags come after the command: cnibench COMMAND [flags]; see `cnibench --help`',
    });
  }
  return findCommand(COMMANDS, first);
}

function report(e: unknown, io: Io): number {
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

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(usage());
    return first === undefined ? 2 : 0;
  }
  try {
    const spec = commandOf(first);
    const args = parseCommandArgs(spec, rest, COMMANDS);
    for (const notice of args.notices) io.stderr.write(`${notice}\n`);
    if (args.values.help === true) {
      io.stdout.write(helpText(spec));
      return 0;
    }
    if (spec.positionals === undefined && args.positionals.length > 0) {
      throw new CnibenchError(
        'USAGE',
        `cnibench ${spec.name} takes no arguments, only flags (got "${args.positionals.join(' ')}")`,
        { hint: `see \`cnibench ${spec.name} --help\`` },
      );
    }
    return await spec.run(args, io);
  } catch (e) {
    return report(e, io);
  }
}
