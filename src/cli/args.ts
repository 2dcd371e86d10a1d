import type { OptionSpec } from '../model/cli-option.js';
import { CnibenchError } from '../model/errors.js';
import { flagLabel, parseFlags, type FlagAlias, type ParsedArgs } from './parse.js';

export type { OptionSpec } from '../model/cli-option.js';
export type { FlagAlias, ParsedArgs } from './parse.js';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec[];
  /** Other spellings of options: synonyms, and deprecated names that print a notice. */
  aliases?: readonly FlagAlias[];
  /** What shell completion offers for arguments that are not flags (default: nothing). */
  positionals?: 'files' | (() => readonly string[]);
  /** Text after the options in `--help` and docs/cli.md: notes and examples. */
  details?: string;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

/**
 * Parses a command's arguments; mistakes become USAGE errors that name the flag and the fix.
 * `others` (the whole command table) lets an unknown flag name the command it belongs to.
 */
export function parseCommandArgs(
  spec: CommandSpec,
  argv: readonly string[],
  others: readonly CommandSpec[] = [],
): ParsedArgs {
  return parseFlags(spec, argv, others);
}

export function str(a: ParsedArgs, name: string): string | undefined {
  const v = a.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(a: ParsedArgs, name: string): string[] {
  const v = a.values[name];
  if (Array.isArray(v)) return v.flatMap((x) => x.split(',')).filter((x) => x !== '');
  return typeof v === 'string' ? v.split(',').filter((x) => x !== '') : [];
}

export function flag(a: ParsedArgs, name: string): boolean {
  return a.values[name] === true;
}

/** A positive integer flag, or undefined when absent. */
export function int(a: ParsedArgs, name: string, min = 1): number | undefined {
  const v = str(a, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    throw new CnibenchError('USAGE', `--${name} "${v}" must be a whole number of at least ${min}`);
  }
  return n;
}

/** `--help` text of a command, also used to generate docs/cli.md. */
export function helpText(spec: CommandSpec): string {
  const lines = [`Usage: ${spec.usage}`, '', spec.summary, '', 'Options:'];
  const label = (o: OptionSpec): string =>
    `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
  const width = Math.max(...spec.options.map((o) => label(o).length), 10);
  for (const o of spec.options) {
    const choices = o.choices ? ` (${o.choices.join('|')})` : '';
    lines.push(`  ${label(o).padEnd(width)}  ${o.description}${choices}${o.multiple ? ' [repeatable]' : ''}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(width)}  show this help`);
  const aliases = spec.aliases ?? [];
  const spelling = (a: FlagAlias): string => {
    const o = spec.options.find((x) => x.name === a.to);
    const value = o?.type === 'string' ? ` ${o.value ?? 'VALUE'}` : '';
    return `${a.short ? `-${a.short}, ` : ''}--${a.name}${value}`;
  };
  const target = (a: FlagAlias): string => {
    const o = spec.options.find((x) => x.name === a.to);
    return o === undefined ? `--${a.to}` : flagLabel(o);
  };
  const synonyms = aliases.filter((a) => !a.deprecated);
  if (synonyms.length > 0) {
    lines.push('', 'Also accepted:');
    for (const a of synonyms) lines.push(`  ${spelling(a).padEnd(width)}  same as ${target(a)}`);
  }
  const deprecated = aliases.filter((a) => a.deprecated);
  if (deprecated.length > 0) {
    lines.push('', 'Deprecated (still accepted, with a notice on stderr):');
    for (const a of deprecated) lines.push(`  ${spelling(a).padEnd(width)}  use ${target(a)}`);
  }
  if (spec.details !== undefined) lines.push('', spec.details.trimEnd());
  return `${lines.join('\n')}\n`;
}

export function useColor(io: Io, stream: 'stdout' | 'stderr'): boolean {
  return io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb' && io[stream].isTTY === true;
}
