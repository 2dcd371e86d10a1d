import { basename } from 'node:path';
import { compareResults, regressions } from '../../compare/compare.js';
import {
  COMPARE_FORMATS,
  renderComparison,
  renderRegressions,
  type CompareFormat,
} from '../../compare/render.js';
import type { LoadedResult } from '../../compare/types.js';
import { CnibenchError, isCnibenchError } from '../../model/errors.js';
import { readResult } from '../../results/read.js';
import {
  helpText,
  parseCommandArgs,
  str,
  useColor,
  type CommandSpec,
  type Io,
  type ParsedArgs,
} from '../args.js';
import { FORMAT_ALIAS, JSON_OPTION, outputFormat, outputOption } from '../output.js';

/** Labels for the files: their names without `.json`, numbered where two are the same. */
function labels(files: readonly string[]): string[] {
  const names = files.map((f) => basename(f).replace(/\.json$/, ''));
  return names.map((n, i) => (names.indexOf(n) === i && names.lastIndexOf(n) === i ? n : `${n}#${i + 1}`));
}

function threshold(args: ParsedArgs): number | undefined {
  const text = str(args, 'fail-on-regression');
  if (text === undefined) return undefined;
  const pct = Number(text);
  if (text.trim() === '' || !Number.isFinite(pct) || pct < 0) {
    throw new CnibenchError('USAGE', `cnibench compare: --fail-on-regression "${text}" is not a percentage`, {
      hint: 'write a number of percent, e.g. --fail-on-regression 5',
    });
  }
  return pct;
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const failOn = threshold(args);
  if (args.positionals.length === 0) {
    throw new CnibenchError('USAGE', 'cnibench compare: no result file given', {
      hint: 'cnibench compare before.json after.json --fail-on-regression 5',
    });
  }
  const names = labels(args.positionals);
  const loaded: LoadedResult[] = [];
  for (const [i, file] of args.positionals.entries()) {
    loaded.push({ label: names[i]!, file, doc: await readResult(file) });
  }
  const comparison = compareResults(loaded, str(args, 'baseline'));
  const format = outputFormat(args, 'terminal') as CompareFormat;
  io.stdout.write(renderComparison(comparison, format, useColor(io, 'stdout')));
  if (failOn === undefined) return 0;
  const found = regressions(comparison, failOn);
  io.stderr.write(renderRegressions(found, failOn));
  return found.length > 0 ? 1 : 0;
}

export const compareSpec: CommandSpec = {
  name: 'compare',
  summary:
    'Compare result files or scenarios metric by metric: difference, 95% CI of the ratio, verdict; gate on regressions.',
  usage: 'cnibench compare RESULT... [--baseline NAME] [--fail-on-regression PCT] [-o FORMAT]',
  options: [
    {
      name: 'baseline',
      type: 'string',
      value: 'NAME',
      description:
        'the reference: a result file (its name without .json, or run id) or a scenario; default: the first',
    },
    {
      name: 'fail-on-regression',
      type: 'string',
      value: 'PCT',
      description: 'exit 1 when a metric is significantly worse than the baseline by more than PCT percent',
    },
    outputOption(COMPARE_FORMATS, 'terminal'),
    JSON_OPTION,
  ],
  aliases: [FORMAT_ALIAS],
  positionals: 'files',
  run,
};

/**
 * `cnibench compare` as a function: returns the exit code (0 ok, 1 a significant regression
 * beyond `--fail-on-regression`, 2 usage or input errors). The table goes to stdout, the
 * regression verdict and errors to stderr.
 */
export async function compareCommand(
  argv: string[],
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const io: Io = { stdout: streams.stdout, stderr: streams.stderr, env: process.env };
  try {
    const args = parseCommandArgs(compareSpec, argv);
    for (const n of args.notices) io.stderr.write(`${n}\n`);
    if (args.values['help'] === true) {
      io.stdout.write(helpText(compareSpec));
      return 0;
    }
    return await run(args, io);
  } catch (e) {
    if (!isCnibenchError(e)) throw e;
    io.stderr.write(`error [${e.code}]: ${e.message}\n${e.hint === undefined ? '' : `fix: ${e.hint}\n`}`);
    return e.exitCode;
  }
}
