import type { OptionSpec } from '../model/cli-option.js';
import { CnibenchError } from '../model/errors.js';
import { didYouMean } from '../util/did-you-mean.js';

/** Another spelling of an option: a deprecated one (a notice on stderr) or an accepted synonym. */
export interface FlagAlias {
  name: string;
  short?: string;
  /** The option it stands for. */
  to: string;
  deprecated: boolean;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** One line per deprecated spelling used, for stderr. */
  notices: string[];
}

/** What the parser needs of a command: its name, options, aliases, and the other commands' flags for hints. */
export interface ParseSpec {
  name: string;
  options: readonly OptionSpec[];
  aliases?: readonly FlagAlias[];
}

const HELP: OptionSpec = { name: 'help', type: 'boolean', short: 'h', description: 'show this help' };

/** `-o/--output` or `--suite`: how messages name an option. */
export function flagLabel(o: Pick<OptionSpec, 'name' | 'short'>): string {
  return o.short === undefined ? `--${o.name}` : `-${o.short}/--${o.name}`;
}

function usage(spec: ParseSpec, message: string, hint: string): CnibenchError {
  return new CnibenchError('USAGE', `cnibench ${spec.name}: ${message}`, { hint });
}

interface Resolved {
  option: OptionSpec;
  /** The spelling used, for messages. */
  written: string;
}

function resolve(
  spec: ParseSpec,
  written: string,
  notices: string[],
  others: readonly ParseSpec[],
): Resolved {
  const options = [...spec.options, HELP];
  const long = written.startsWith('--') ? written.slice(2) : undefined;
  const short = long === undefined ? written.slice(1) : undefined;
  const direct = options.find((o) => (long !== undefined ? o.name === long : o.short === short));
  if (direct !== undefined) return { option: direct, written };
  const alias = spec.aliases?.find((a) => (long !== undefined ? a.name === long : a.short === short));
  const target = alias === undefined ? undefined : options.find((o) => o.name === alias.to);
  if (alias !== undefined && target !== undefined) {
    if (alias.deprecated) notices.push(`warning: ${written} is deprecated; use ${flagLabel(target)}`);
    return { option: target, written };
  }
  throw unknownFlag(spec, written, others);
}

function unknownFlag(spec: ParseSpec, written: string, others: readonly ParseSpec[]): CnibenchError {
  const help = `see \`cnibench ${spec.name} --help\``;
  if (!written.startsWith('--')) return usage(spec, `unknown flag ${written}`, help);
  const name = written.slice(2);
  const known = [...spec.options.map((o) => o.name), ...(spec.aliases ?? []).map((a) => a.name), 'help'];
  const close = didYouMean(name, known);
  if (close !== undefined)
    return usage(spec, `unknown flag ${written}`, `did you mean --${close}? (${help})`);
  const owner = others.find((c) => c.name !== spec.name && c.options.some((o) => o.name === name));
  if (owner !== undefined)
    return usage(
      spec,
      `unknown flag ${written}`,
      `${written} is a flag of \`cnibench ${owner.name}\` (${help})`,
    );
  return usage(spec, `unknown flag ${written}`, help);
}

/** Whether `next` can be the value of a string option (not another flag; negative numbers are values). */
function isValue(next: string | undefined): next is string {
  return next !== undefined && (!next.startsWith('-') || next === '-' || /^-\d/.test(next));
}

function store(values: ParsedArgs['values'], o: OptionSpec, v: string | boolean): void {
  if (o.multiple === true && typeof v === 'string') {
    const prev = values[o.name];
    values[o.name] = [...(Array.isArray(prev) ? prev : []), v];
  } else values[o.name] = v;
}

function booleanValue(spec: ParseSpec, r: Resolved, inline: string | undefined): boolean {
  if (inline === undefined || inline === 'true') return true;
  if (inline === 'false') return false;
  throw usage(spec, `${r.written} takes no value (got "${inline}")`, `write ${r.written} alone`);
}

/**
 * Parses a command's arguments: `--name value`, `--name=value`, `-o value`, `-ovalue`,
 * `-o=value`, `--` ends the flags. Mistakes become USAGE errors that name the flag and the
 * fix, with "did you mean" for typos; deprecated spellings are noted in `notices`.
 */
export function parseFlags(
  spec: ParseSpec,
  argv: readonly string[],
  others: readonly ParseSpec[] = [],
): ParsedArgs {
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  const notices: string[] = [];
  const spelled = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = arg.indexOf('=');
    const written = long ? (eq < 0 ? arg : arg.slice(0, eq)) : arg.slice(0, 2);
    let inline = long ? (eq < 0 ? undefined : arg.slice(eq + 1)) : arg.length > 2 ? arg.slice(2) : undefined;
    if (!long && inline?.startsWith('=') === true) inline = inline.slice(1);
    const r = resolve(spec, written, notices, others);
    spelled.set(r.option.name, r.written);
    if (r.option.type === 'boolean') {
      if (!long && inline !== undefined) throw unknownFlag(spec, arg, others);
      store(values, r.option, booleanValue(spec, r, inline));
      continue;
    }
    if (inline !== undefined) {
      store(values, r.option, inline);
      continue;
    }
    const next = argv[i + 1];
    if (!isValue(next)) {
      throw usage(
        spec,
        `${r.written} needs a value (${r.option.value ?? 'VALUE'})`,
        `write ${r.written} ${r.option.value ?? 'VALUE'}, or ${r.written}=VALUE for a value that starts with -`,
      );
    }
    store(values, r.option, next);
    i++;
  }
  checkChoices(spec, values, spelled);
  return { values, positionals, notices };
}

function checkChoices(
  spec: ParseSpec,
  values: ParsedArgs['values'],
  spelled: ReadonlyMap<string, string>,
): void {
  for (const o of spec.options) {
    const v = values[o.name];
    if (o.choices === undefined || v === undefined || typeof v === 'boolean') continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      if (o.choices.includes(item)) continue;
      const close = didYouMean(item, o.choices);
      const choose = [`choose one of: ${o.choices.join(', ')}`, ...(o.hint === undefined ? [] : [o.hint])];
      const hint = `${close === undefined ? '' : `did you mean ${close}? `}${choose.join('; ')}`;
      const name = spelled.get(o.name) ?? flagLabel(o);
      throw usage(spec, `${name} "${item}" is not allowed`, hint);
    }
  }
}
