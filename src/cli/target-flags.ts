import { CnibenchError } from '../model/errors.js';
import type { OptionSpec } from '../model/cli-option.js';
import type { TargetCommand, TargetFlag } from '../targets/provider.js';
import { PROVIDERS, TARGET_KINDS } from '../targets/registry.js';
import type { ScenarioRef } from '../targets/target.js';
import { flag, list, str, type ParsedArgs } from './args.js';

/** `--target KIND`, shared by every command that works on one target. */
export function targetOption(description: string): OptionSpec {
  return { name: 'target', type: 'string', value: 'KIND', description, choices: TARGET_KINDS };
}

/** Every target's flags for a command, for its option table and help. */
export function targetOptions(command: TargetCommand): OptionSpec[] {
  const seen = new Set<string>();
  const out: OptionSpec[] = [];
  for (const p of PROVIDERS) {
    for (const f of p.flags) {
      if (!f.commands.includes(command) || seen.has(f.name)) continue;
      seen.add(f.name);
      const { to: _to, list: _list, commands: _commands, ...option } = f;
      out.push(option);
    }
  }
  return out;
}

/** A scenario field set from the command line, applied to every scenario of the run. */
export interface ScenarioOverride {
  flag: string;
  key: string;
  value: string | string[] | boolean;
}

/** What the target's flags change: its settings section (in the raw config) and its scenarios. */
export interface AppliedFlags {
  /** Config paths set by a flag, with the flag's name: validation messages name the flag. */
  paths: Map<string, string>;
  scenario: ScenarioOverride[];
}

function flagValue(f: TargetFlag, args: ParsedArgs): string | string[] | boolean | undefined {
  if (f.type === 'boolean') return flag(args, f.name) ? true : undefined;
  const v = str(args, f.name);
  if (v === undefined) return undefined;
  return f.list === true ? list(args, f.name) : v;
}

/**
 * Puts the chosen target's flags into the raw config before it is validated (settings) or
 * returns them for the scenarios (scenario fields). A flag of another target is a usage error.
 */
export function applyTargetFlags(
  args: ParsedArgs,
  command: TargetCommand,
  kind: string,
  raw: Record<string, unknown>,
): AppliedFlags {
  const applied: AppliedFlags = { paths: new Map(), scenario: [] };
  for (const p of PROVIDERS) {
    for (const f of p.flags.filter((x) => x.commands.includes(command))) {
      const value = flagValue(f, args);
      if (value === undefined) continue;
      if (
        p.kind !== kind &&
        !PROVIDERS.some((q) => q.kind === kind && q.flags.some((g) => g.name === f.name))
      ) {
        throw new CnibenchError('USAGE', `--${f.name} applies to the ${p.kind} target, not ${kind}`, {
          hint: `add --target ${p.kind}, or leave --${f.name} out`,
        });
      }
      if (p.kind !== kind) continue;
      if ('settings' in f.to) {
        const section = raw[kind];
        raw[kind] = {
          ...(typeof section === 'object' && section !== null ? section : {}),
          [f.to.settings]: value,
        };
        applied.paths.set(`${kind}.${f.to.settings}`, `--${f.name}`);
      } else {
        applied.scenario.push({ flag: `--${f.name}`, key: f.to.scenario, value });
      }
    }
  }
  return applied;
}

/** The scenarios with the command line's scenario fields applied. */
export function withOverrides(
  scenarios: readonly ScenarioRef[],
  overrides: readonly ScenarioOverride[],
): ScenarioRef[] {
  return scenarios.map((s) => overrides.reduce<ScenarioRef>((acc, o) => ({ ...acc, [o.key]: o.value }), s));
}
