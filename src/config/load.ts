import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { CnibenchError } from '../errors.js';
import { ConfigFile, SuiteSpec } from './schema.js';
import { formatIssues } from './issues.js';
import { BUILTIN_SUITES } from './suites.js';

/** Reads and validates a config file (YAML or JSON). The only place config is validated. */
export async function loadConfig(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CnibenchError('CONFIG_NOT_FOUND', `cannot read config file ${file}: ${(e as Error).message}`, {
      hint: 'check the path given to --config',
    });
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    throw new CnibenchError('CONFIG_INVALID', `${file} is not valid YAML/JSON: ${(e as Error).message}`, {
      hint: 'fix the syntax at the line shown',
    });
  }
  return parseConfig(data ?? {}, file);
}

export function parseConfig(data: unknown, source: string): ConfigFile {
  const r = ConfigFile.safeParse(data);
  if (!r.success) {
    throw new CnibenchError('CONFIG_INVALID', `invalid configuration:\n${formatIssues(r.error, source)}`, {
      hint: 'see docs/configuration.md for every setting and its allowed values',
    });
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
  const own = config.suites[name];
  if (own) return own;
  const builtin = BUILTIN_SUITES[name];
  if (builtin) return SuiteSpec.parse(builtin);
  const known = [...Object.keys(BUILTIN_SUITES), ...Object.keys(config.suites)].join(', ');
  throw new CnibenchError('USAGE', `unknown suite "${name}"`, { hint: `choose one of: ${known}` });
}
