import { RESULT_SCHEMA } from '../../results/schema.js';
import { VERSION } from '../../version.js';
import type { CommandSpec, Io, ParsedArgs } from '../args.js';
import { JSON_OPTION, outputFormat, outputOption, TEXT_OR_JSON } from '../output.js';

export const versionSpec: CommandSpec = {
  name: 'version',
  summary: "Print cnibench's version (also -v, --version).",
  usage: 'cnibench version [-o text|json]',
  options: [outputOption(TEXT_OR_JSON, 'text'), JSON_OPTION],
  run: (args: ParsedArgs, io: Io) => {
    if (outputFormat(args, 'text') === 'json') {
      const info = {
        name: 'cnibench',
        version: VERSION,
        resultSchema: RESULT_SCHEMA,
        node: process.version,
        platform: `${process.platform}/${process.arch}`,
      };
      io.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    } else io.stdout.write(`cnibench ${VERSION}\n`);
    return Promise.resolve(0);
  },
};
