import { writeFile } from 'node:fs/promises';
import type { OptionSpec } from '../model/cli-option.js';
import { CnibenchError } from '../model/errors.js';
import { flag, str, type FlagAlias, type ParsedArgs } from './args.js';

/**
 * The flag conventions every command shares, as kubectl and helm users expect them:
 * `-o/--output FORMAT` chooses what is printed, `--json` is `-o json`, `--out-dir DIR` and
 * `--out-file FILE` say where files go, `--force` allows overwriting.
 */

/** `-o/--output FORMAT`. `hint` is added when the value is not a format (e.g. what -o used to mean). */
export function outputOption(choices: readonly string[], fallback: string, hint?: string): OptionSpec {
  return {
    name: 'output',
    type: 'string',
    short: 'o',
    value: 'FORMAT',
    description: `output format (default: ${fallback})`,
    choices,
    ...(hint === undefined ? {} : { hint }),
  };
}

export const JSON_OPTION: OptionSpec = { name: 'json', type: 'boolean', description: 'same as -o json' };

/** The human format of commands whose output is either text or JSON. */
export const TEXT_OR_JSON = ['text', 'json'] as const;

export function outDirOption(description: string): OptionSpec {
  return { name: 'out-dir', type: 'string', value: 'DIR', description };
}

export const FORCE_OPTION: OptionSpec = {
  name: 'force',
  type: 'boolean',
  description: 'overwrite an existing --out-file',
};

export const PUSH_GATEWAY_OPTION: OptionSpec = {
  name: 'push-gateway',
  type: 'string',
  value: 'URL',
  description:
    'also push the figures to a Prometheus Pushgateway, e.g. http://pushgateway:9091 (docs/sinks.md)',
};

/** `--format`/`-f`, the old name of `-o/--output`. */
export const FORMAT_ALIAS: FlagAlias = { name: 'format', short: 'f', to: 'output', deprecated: true };
/** `--out`, the old name of `--out-dir`; helm's `--output-dir` is accepted as it is. */
export const OUT_DIR_ALIASES: readonly FlagAlias[] = [
  { name: 'output-dir', to: 'out-dir', deprecated: false },
  { name: 'out', to: 'out-dir', deprecated: true },
];

/** The output format from `-o`/`--json`; both given and different is a usage error. */
export function outputFormat(args: ParsedArgs, fallback: string): string {
  const o = str(args, 'output');
  if (flag(args, 'json')) {
    if (o !== undefined && o !== 'json') {
      throw new CnibenchError('USAGE', `--json and -o ${o} ask for different formats`, {
        hint: 'give one of them',
      });
    }
    return 'json';
  }
  return o ?? fallback;
}

/** Writes `text` to `file`; an existing file is an error unless `force`. */
export async function writeOutputFile(file: string, text: string, force: boolean): Promise<void> {
  try {
    await writeFile(file, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') {
      throw new CnibenchError('OUTPUT_EXISTS', `${file} exists`, {
        hint: 'add --force to overwrite it, or choose another --out-file',
      });
    }
    throw new CnibenchError('OUTPUT_EXISTS', `cannot write ${file}: ${err.message}`, {
      hint: 'check that the directory exists and is writable',
    });
  }
}
