import type { CommandSpec } from '../args.js';

/** A flag as shell completion sees it. */
export interface CompletionFlag {
  long: string;
  short?: string;
  description: string;
  takesValue: boolean;
  /** Values to offer (enforced choices or suggestions). */
  values?: readonly string[];
  /** Offer file or directory names for the value. */
  paths?: 'file' | 'dir';
  repeatable: boolean;
}

export interface CompletionCommand {
  name: string;
  summary: string;
  flags: CompletionFlag[];
  /** What to offer for arguments that are not flags. */
  args: 'files' | 'none' | readonly string[];
}

/** Text safe inside single quotes of every shell and inside zsh's `[...]`: no quotes, brackets, colons. */
export function plain(text: string, max = 80): string {
  const first = text.split(/(?<=\.)\s|;\s/)[0] ?? text;
  const cleaned = first
    .replace(/[`'"\\$[\]:]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1).trimEnd()}…` : cleaned;
}

const HELP_FLAG: CompletionFlag = {
  long: 'help',
  short: 'h',
  description: 'show this help',
  takesValue: false,
  repeatable: false,
};

/** The command table as completion needs it: flags (and their accepted synonyms), values, arguments. */
export function completionModel(commands: readonly CommandSpec[]): CompletionCommand[] {
  return commands.map((c) => {
    const flags: CompletionFlag[] = c.options.map((o) => {
      const values = o.choices ?? o.suggest;
      const paths = o.value === 'FILE' ? 'file' : o.value === 'DIR' ? 'dir' : undefined;
      return {
        long: o.name,
        ...(o.short === undefined ? {} : { short: o.short }),
        description: plain(o.description),
        takesValue: o.type === 'string',
        ...(values === undefined ? {} : { values }),
        ...(paths === undefined ? {} : { paths }),
        repeatable: o.multiple === true,
      };
    });
    for (const a of c.aliases ?? []) {
      const target = flags.find((f) => f.long === a.to);
      if (a.deprecated || target === undefined) continue;
      const { short: _short, ...rest } = target;
      flags.push({ ...rest, long: a.name });
    }
    flags.push(HELP_FLAG);
    const args = c.positionals === undefined ? 'none' : c.positionals === 'files' ? 'files' : c.positionals();
    return { name: c.name, summary: plain(c.summary), flags, args };
  });
}
