/** A command-line option as commands and targets declare it; `cli/args.ts` parses them. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown as `--name VALUE`. */
  value?: string;
  description: string;
  /** Allowed values, checked at parse time. */
  choices?: readonly string[];
}
