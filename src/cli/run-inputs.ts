import type { z } from 'zod';
import { readConfigData, parseConfig, resolveSuite } from '../config/load.js';
import { selectScenarios, targetSettings } from '../config/scenarios.js';
import { SuiteSpec, type ConfigFile } from '../config/schema.js';
import { formatIssues } from '../config/issues.js';
import { CnibenchError } from '../model/errors.js';
import type { PlanOverrides } from '../engine/plan.js';
import { DEFAULT_ADAPTIVE_POLICY } from '../stats/adaptive.js';
import type { TargetProvider } from '../targets/provider.js';
import { DEFAULT_TARGET, providerFor, type Provider } from '../targets/registry.js';
import type { ScenarioRef } from '../targets/target.js';
import { list, str, type ParsedArgs } from './args.js';
import { outputFormat } from './output.js';
import { checkPushGateway } from './push-gateway.js';
import { applyTargetFlags, withOverrides, type ScenarioOverride } from './target-flags.js';
import type { MeshOptions } from '../engine/mesh-schedule.js';
import { meshOptions } from './mesh-flags.js';

/** Everything `run` needs from its arguments and config file, validated once. */
export interface RunInputs {
  config: ConfigFile;
  provider: Provider;
  /** The target's settings section of the config (flags applied). */
  settings: unknown;
  suiteName: string;
  suite: SuiteSpec;
  scenarios: ScenarioRef[];
  /** Scenarios named with --scenario (a scenario this machine cannot run then fails instead of being skipped). */
  explicit: boolean;
  overrides: PlanOverrides;
  /** What the run records of its parameters. */
  parameters: { repeat: number | 'auto'; duration: number; mesh?: MeshOptions };
  format: string;
  outDir: string;
  /** `--push-gateway URL`, checked before the run. */
  pushGateway: string | undefined;
}

/** Reads the config file and the flags into one validated set of inputs (flags win over the file). */
export async function readRunInputs(args: ParsedArgs): Promise<RunInputs> {
  const file = str(args, 'config');
  const raw = file === undefined ? {} : await readConfigData(file);
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const data: Record<string, unknown> = isObject ? { ...raw } : {};
  const kind = str(args, 'target') ?? (typeof data.target === 'string' ? data.target : DEFAULT_TARGET);
  const provider = providerFor(kind);
  const applied = applyTargetFlags(args, 'run', provider.kind, data);
  const config = parseConfig(
    isObject || file === undefined ? data : raw,
    file ?? '(defaults)',
    applied.paths,
  );
  const mesh = meshOptions(args);
  const suiteName = str(args, 'suite') ?? (mesh !== undefined ? 'mesh' : 'standard');
  const suite = resolveSuite(config, suiteName);
  const selected = selectScenarios(config, provider, list(args, 'scenario'));
  const overrides = { ...runOverrides(args), ...(mesh !== undefined ? { mesh } : {}) };
  return {
    config,
    provider,
    settings: targetSettings(config, provider.kind),
    suiteName,
    suite,
    scenarios: checkedScenarios(
      provider,
      withOverrides(selected.scenarios, applied.scenario),
      applied.scenario,
    ),
    explicit: selected.explicit,
    overrides,
    parameters: {
      repeat: overrides.adaptive ? 'auto' : (overrides.repeat ?? suite.repeat),
      duration: overrides.durationS ?? suite.duration,
      ...(mesh !== undefined ? { mesh } : {}),
    },
    format: outputFormat(args, 'terminal'),
    outDir: str(args, 'out-dir') ?? 'results',
    pushGateway: pushGateway(args),
  };
}

function pushGateway(args: ParsedArgs): string | undefined {
  const url = str(args, 'push-gateway');
  if (url !== undefined) checkPushGateway(url);
  return url;
}

/** `--repeat N|auto` and `--duration`, checked by the suite's own field schemas. */
function runOverrides(args: ParsedArgs): PlanOverrides {
  const out: PlanOverrides = {};
  const repeat = str(args, 'repeat');
  if (repeat === 'auto') {
    out.adaptive = DEFAULT_ADAPTIVE_POLICY;
    out.repeat = DEFAULT_ADAPTIVE_POLICY.maxRepetitions;
  } else if (repeat !== undefined) {
    const n = repeat.trim() === '' ? Number.NaN : Number(repeat);
    out.repeat = flagField(
      SuiteSpec.shape.repeat,
      n,
      `--repeat "${repeat}"`,
      'must be a whole number from 1 to 1000, or auto',
    );
  }
  const duration = str(args, 'duration');
  if (duration !== undefined)
    out.durationS = flagField(SuiteSpec.shape.duration, duration, `--duration "${duration}"`);
  return out;
}

function flagField<T>(schema: z.ZodType<T>, value: unknown, flagName: string, expected?: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new CnibenchError('USAGE', `${flagName}: ${expected ?? r.error.issues[0]?.message ?? 'invalid'}`, {
    hint: `see \`cnibench run --help\``,
  });
}

/** Scenarios with command-line fields applied, validated again by their target (errors name the flag). */
function checkedScenarios(
  provider: TargetProvider,
  scenarios: ScenarioRef[],
  overrides: readonly ScenarioOverride[],
): ScenarioRef[] {
  if (overrides.length === 0) return scenarios;
  for (const s of scenarios) {
    const r = provider.scenario.safeParse(s);
    if (!r.success) {
      const flags = new Map(overrides.map((o) => [o.key, o.flag]));
      throw new CnibenchError(
        'USAGE',
        `invalid value:\n${formatIssues(r.error, `scenario ${s.name}`, flags)}`,
        {
          hint: `see \`cnibench run --help\``,
        },
      );
    }
  }
  return scenarios;
}
