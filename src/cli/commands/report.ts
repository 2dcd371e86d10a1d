import { CnibenchError } from '../../model/errors.js';
import { rendererFor, RENDERERS } from '../../report/index.js';
import { readResult } from '../../results/read.js';
import { flag, str, useColor, type CommandSpec, type Io, type ParsedArgs } from '../args.js';
import {
  FORCE_OPTION,
  FORMAT_ALIAS,
  JSON_OPTION,
  outputFormat,
  outputOption,
  PUSH_GATEWAY_OPTION,
  writeOutputFile,
} from '../output.js';
import { checkPushGateway, pushResults } from '../push-gateway.js';

export const reportSpec: CommandSpec = {
  name: 'report',
  summary:
    'Render result files as a table, Markdown, CSV, JSON, HTML, JUnit, JSON Lines or Prometheus metrics, or push them to a Pushgateway.',
  usage: 'cnibench report RESULT... [-o FORMAT] [--out-file FILE [--force]] [--push-gateway URL]',
  options: [
    outputOption(Object.keys(RENDERERS), 'terminal', 'to write to a file, use --out-file FILE'),
    JSON_OPTION,
    {
      name: 'out-file',
      type: 'string',
      value: 'FILE',
      description: 'write to FILE instead of stdout (refuses to overwrite without --force)',
    },
    FORCE_OPTION,
    PUSH_GATEWAY_OPTION,
  ],
  aliases: [FORMAT_ALIAS, { name: 'output-file', to: 'out-file', deprecated: false }],
  positionals: 'files',
  details: [
    'With --push-gateway alone, nothing is printed; add -o or --out-file to render as well.',
    'Examples:',
    '  cnibench report results/cnibench-*.json -o md --out-file report.md',
    '  cnibench report results/cnibench-*.json -o openmetrics | promtool check metrics',
    '  cnibench report results/cnibench-*.json --push-gateway http://pushgateway:9091',
  ].join('\n'),
  run: async (args: ParsedArgs, io: Io) => {
    if (args.positionals.length === 0) {
      throw new CnibenchError('USAGE', 'cnibench report needs at least one result file', {
        hint: 'cnibench report results/cnibench-*.json -o md',
      });
    }
    const push = str(args, 'push-gateway');
    if (push !== undefined) checkPushGateway(push);
    const out = str(args, 'out-file');
    if (flag(args, 'force') && out === undefined) {
      throw new CnibenchError('USAGE', 'cnibench report: --force applies to --out-file', {
        hint: 'add --out-file FILE, or leave --force out',
      });
    }
    const asked = out !== undefined || str(args, 'output') !== undefined || flag(args, 'json');
    const render = rendererFor(outputFormat(args, 'terminal'));
    const docs = [];
    for (const f of args.positionals) docs.push(await readResult(f));
    if (push === undefined || asked) {
      const text = await render(docs, { color: out === undefined && useColor(io, 'stdout') });
      if (out === undefined) io.stdout.write(text);
      else {
        await writeOutputFile(out, text, flag(args, 'force'));
        io.stderr.write(`wrote ${out}\n`);
      }
    }
    if (push !== undefined) {
      const pushed = await pushResults(docs, push);
      io.stderr.write(
        `pushed ${pushed.series} series in ${pushed.groups.length} group(s) to ${pushed.base}\n`,
      );
    }
    return 0;
  },
};
