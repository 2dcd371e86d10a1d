import { runCommand } from '../../exec/runner.js';
import { CnibenchError } from '../../errors.js';
import { detectFeatures } from '../../targets/lab/features.js';
import { profileSupport } from '../../targets/lab/preflight.js';
import { formatTable } from '../../util/table.js';
import { flag, type CommandSpec, type Io, type ParsedArgs } from '../args.js';

export const profilesSpec: CommandSpec = {
  name: 'profiles',
  summary:
    'List the lab datapath profiles and whether this kernel supports each (detected by trying, not assumed).',
  usage: 'cnibench profiles [--json]',
  options: [{ name: 'json', type: 'boolean', description: 'print as JSON' }],
  run: async (args: ParsedArgs, io: Io) => {
    if (process.getuid?.() !== 0) {
      throw new CnibenchError(
        'NOT_ROOT',
        'detecting kernel features needs root (it creates a scratch network namespace)',
        { hint: 'run `sudo cnibench profiles`' },
      );
    }
    const support = profileSupport(await detectFeatures(runCommand));
    if (flag(args, 'json')) {
      io.stdout.write(`${JSON.stringify(support, null, 2)}\n`);
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
