import { CnibenchError } from '../../model/errors.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { helpText, type CommandSpec, type Io, type ParsedArgs } from '../args.js';

/** The command a name means, or a USAGE error with "did you mean". */
export function findCommand(commands: readonly CommandSpec[], name: string): CommandSpec {
  const spec = commands.find((c) => c.name === name);
  if (spec !== undefined) return spec;
  const close = didYouMean(
    name,
    commands.map((c) => c.name),
  );
  throw new CnibenchError('USAGE', `unknown command "${name}"`, {
    hint: `${close === undefined ? '' : `did you mean \`cnibench ${close}\`? `}see \`cnibench --help\` for the commands`,
  });
}

/** `cnibench help [COMMAND]`; the table is passed in, since it holds this command too. */
export function helpSpec(commands: () => readonly CommandSpec[], overview: () => string): CommandSpec {
  return {
    name: 'help',
    summary: 'Show the commands, or the options of one (same as COMMAND --help).',
    usage: 'cnibench help [COMMAND]',
    options: [],
    positionals: () => commands().map((c) => c.name),
    run: (args: ParsedArgs, io: Io) => {
      const [name, ...extra] = args.positionals;
      if (extra.length > 0) {
        throw new CnibenchError('USAGE', `cnibench help takes one command, got ${args.positionals.length}`, {
          hint: 'cnibench help report',
        });
      }
      io.stdout.write(name === undefined ? overview() : helpText(findCommand(commands(), name)));
      return Promise.resolve(0);
    },
  };
}
