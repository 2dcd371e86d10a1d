/** A command-line option as commands and targets declare it; `cli/args.ts` parses them. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown as `--name VALUE`; FILE and DIR also tell shell completion to offer paths. */
  value?: string;
  description: string;
  /** Allowed values, checked at parse time. */
  choices?: readonly string[];
  /** Likely values offered by shell completion but not enforced (e.g. the built-in suites). */
  suggest?: readonly string[];
  /** Added to the error when a value is not one of `choices` (e.g. what the flag used to mean). */
  hint?: string;
}
