import { parseArgs } from 'node:util';
import type { OptionSpec } from '../model/cli-option.js';
import { CnibenchError } from '../model/errors.js';

export type { OptionSpec } from '../model/cli-option.js';

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
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parses a command's arguments; mistakes become USAGE errors that name the flag and the fix. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of spec.options) {
    options[o.name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  options.help = { type: 'boolean', short: 'h' };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CnibenchError('USAGE', `cnibench ${spec.name}: ${(e as Error).message}`, {
      hint: `see \`cnibench ${spec.name} --help\``,
    });
  }
  for (const o of spec.options) {
    const v = parsed.values[o.name];
    if (o.choices && v !== undefined) {
      for (const item of Array.isArray(v) ? v : [v]) {
        if (typeof item === 'string' && !o.choices.includes(item)) {
          throw new CnibenchError('USAGE', `cnibench ${spec.name}: --${o.name} "${item}" is not allowed`, {
            hint: `choose one of: ${o.choices.join(', ')}`,
          });
        }
      }
    }
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
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
  return `${lines.join('\n')}\n`;
}

export function useColor(io: Io, stream: 'stdout' | 'stderr'): boolean {
  return io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb' && io[stream].isTTY === true;
}
