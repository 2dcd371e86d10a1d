import { readFile } from 'node:fs/promises';
import { CnibenchError } from '../model/errors.js';
import { own } from '../util/own.js';
import { didYouMean } from '../util/did-you-mean.js';
import { ConfigFile, SuiteSpec } from './schema.js';
import { formatIssues } from './issues.js';
import { parseConfigText } from './yaml.js';
import { BUILTIN_SUITES } from './suites.js';

/** Reads a config file (YAML or JSON) into plain data, not yet validated. */
export async function readConfigData(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CnibenchError('CONFIG_NOT_FOUND', `cannot read config file ${file}: ${(e as Error).message}`, {
      hint: 'check the path given to --config',
    });
  }
  return parseConfigText(text, file);
}

/** Reads and validates a config file. */
export async function loadConfig(file: string): Promise<ConfigFile> {
  return parseConfig(await readConfigData(file), file);
}

/**
 * Validates config data: the only place config is validated. `flags` maps config paths that a
 * command-line flag set to the flag's name, so that a bad flag value is reported as the flag.
 */
export function parseConfig(
  data: unknown,
  source: string,
  flags: ReadonlyMap<string, string> = new Map(),
): ConfigFile {
  const r = ConfigFile.safeParse(data);
  if (!r.success) {
    throw new CnibenchError(
      'CONFIG_INVALID',
      `invalid configuration:\n${formatIssues(r.error, source, flags)}`,
      {
        hint: 'see docs/configuration.md for every setting and its allowed values',
      },
    );
  }
  const names = new Set<string>();
  r.data.scenarios.forEach((s, i) => {
    if (names.has(s.name)) {
      throw new CnibenchError(
        'CONFIG_INVALID',
        `${source}: scenarios[${i}].name: "${s.name}" is used twice`,
        {
          hint: 'give every scenario its own name',
        },
      );
    }
    names.add(s.name);
  });
  return r.data;
}

/** A built-in or user-defined suite by name. */
export function resolveSuite(config: ConfigFile, name: string): SuiteSpec {
  const mine = own(config.suites, name);
  if (mine) return mine;
  const builtin = own(BUILTIN_SUITES, name);
  if (builtin) return SuiteSpec.parse(builtin);
  const known = [...Object.keys(BUILTIN_SUITES), ...Object.keys(config.suites)];
  const guess = didYouMean(name, known);
  throw new CnibenchError('USAGE', `unknown suite "${name}"${guess ? `; did you mean "${guess}"?` : ''}`, {
    hint: `choose one of: ${known.join(', ')}`,
  });
}
