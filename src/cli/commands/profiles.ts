import { PROVIDERS } from '../../targets/registry.js';
import { formatTable } from '../../util/table.js';
import { type CommandSpec, type Io, type ParsedArgs } from '../args.js';
import { JSON_OPTION, outputFormat, outputOption, TEXT_OR_JSON } from '../output.js';
import { targetContext } from '../target-context.js';
import { targetOption } from '../target-flags.js';

export const profilesSpec: CommandSpec = {
  name: 'profiles',
  summary:
    "List a target's ready-made scenarios (lab: the datapath profiles) and whether this machine supports each (detected by trying, not assumed).",
  usage: 'cnibench profiles [--target lab] [-o text|json]',
  options: [
    targetOption('whose scenarios to list (default: lab)'),
    outputOption(TEXT_OR_JSON, 'text'),
    JSON_OPTION,
  ],
  run: async (args: ParsedArgs, io: Io) => {
    const { provider, settings, ctx } = await targetContext(args, 'doctor', io);
    const support = await provider.scenarioSupport(settings, ctx);
    if (outputFormat(args, 'text') === 'json') {
      io.stdout.write(`${JSON.stringify(support, null, 2)}\n`);
      return 0;
    }
    if (support.length === 0) {
      const others = PROVIDERS.filter((p) => p.kind !== provider.kind).map((p) => p.kind);
      io.stdout.write(
        `the ${provider.kind} target has no ready-made scenarios (try --target ${others.join('|')})\n`,
      );
      return 0;
    }
    const rows = support.map((p) => [
      p.name,
      p.supported ? 'yes' : 'no',
      p.supported ? p.description : p.reason,
    ]);
    io.stdout.write(`${formatTable(['profile', 'supported', 'what it is / why not'], rows)}\n`);
    return 0;
  },
};
