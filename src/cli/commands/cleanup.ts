import { flag, type CommandSpec, type Io, type ParsedArgs } from '../args.js';
import { JSON_OPTION, outputFormat, outputOption, TEXT_OR_JSON } from '../output.js';
import { targetContext } from '../target-context.js';
import { targetOption, targetOptions } from '../target-flags.js';

export const cleanupSpec: CommandSpec = {
  name: 'cleanup',
  summary: 'Remove anything a crashed or killed run left behind (lab: cnb-* namespaces, processes, state).',
  usage: 'cnibench cleanup [--target lab|kubernetes] [--force] [-o text|json]',
  options: [
    targetOption('what to clean (default: lab)'),
    {
      name: 'config',
      type: 'string',
      short: 'c',
      value: 'FILE',
      description: 'config file whose target settings to use',
    },
    { name: 'force', type: 'boolean', description: 'also remove what runs that are still alive created' },
    outputOption(TEXT_OR_JSON, 'text'),
    JSON_OPTION,
    ...targetOptions('cleanup'),
  ],
  run: async (args: ParsedArgs, io: Io) => {
    const { provider, settings, ctx } = await targetContext(args, 'cleanup', io);
    const report = await provider.cleanup(settings, { ...ctx, force: flag(args, 'force') });
    if (outputFormat(args, 'text') === 'json') {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.stdout.write(
        `removed ${report.removed.length} item(s)${report.removed.length ? `: ${report.removed.join(', ')}` : ''}\n`,
      );
      for (const k of report.kept) io.stdout.write(`left ${k.what} alone: ${k.reason}\n`);
      for (const e of report.errors) io.stderr.write(`error: ${e}\n`);
    }
    return report.errors.length > 0 ? 1 : 0;
  },
};
