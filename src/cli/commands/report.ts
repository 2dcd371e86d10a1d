import { writeFile } from 'node:fs/promises';
import { CnibenchError } from '../../model/errors.js';
import { rendererFor, RENDERERS } from '../../report/index.js';
import { readResult } from '../../results/read.js';
import { str, useColor, type CommandSpec, type Io, type ParsedArgs } from '../args.js';

export const reportSpec: CommandSpec = {
  name: 'report',
  summary: 'Render one or more result files as a table, Markdown, CSV, JSON and more.',
  usage: 'cnibench report RESULT... [--format FMT] [-o FILE]',
  options: [
    {
      name: 'format',
      type: 'string',
      short: 'f',
      value: 'FMT',
      description: `output format (default: terminal): ${Object.keys(RENDERERS).join(', ')}`,
    },
    {
      name: 'output',
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'write to FILE instead of stdout (refuses to overwrite)',
    },
  ],
  run: async (args: ParsedArgs, io: Io) => {
    if (args.positionals.length === 0) {
      throw new CnibenchError('USAGE', 'cnibench report needs at least one result file', {
        hint: 'cnibench report results/cnibench-*.json --format md',
      });
    }
    const render = rendererFor(str(args, 'format') ?? 'terminal');
    const docs = [];
    for (const f of args.positionals) docs.push(await readResult(f));
    const out = str(args, 'output');
    const text = await render(docs, { color: out === undefined && useColor(io, 'stdout') });
    if (out === undefined) {
      io.stdout.write(text);
      return 0;
    }
    try {
      await writeFile(out, text, { flag: 'wx' });
    } catch (e) {
      throw new CnibenchError('OUTPUT_EXISTS', `cannot write ${out}: ${(e as Error).message}`, {
        hint: 'choose another file name or remove the old one',
      });
    }
    io.stderr.write(`wrote ${out}\n`);
    return 0;
  },
};
