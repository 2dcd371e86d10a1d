import { CnibenchError } from '../model/errors.js';
import type { TargetProvider } from '../targets/provider.js';
import type { ScenarioRef } from '../targets/target.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { ConfigFile } from './schema.js';

/** The config file's section of one target (`lab:`, `kubernetes:`), as validated. */
export function targetSettings(config: ConfigFile, kind: string): unknown {
  return Object.prototype.hasOwnProperty.call(config, kind)
    ? (config as Record<string, unknown>)[kind]
    : undefined;
}

/**
 * The scenarios of a run: the config file's for the target (else the target's own defaults:
 * the lab profiles, the current kube context), narrowed to `--scenario` names. Unknown names
 * are usage errors that list the known ones.
 */
export function selectScenarios(
  config: ConfigFile,
  provider: TargetProvider,
  names: readonly string[],
): { scenarios: ScenarioRef[]; explicit: boolean } {
  const fromConfig: ScenarioRef[] = config.scenarios.filter((s) => s.target === provider.kind);
  const pool =
    fromConfig.length > 0 ? fromConfig : provider.defaultScenarios(targetSettings(config, provider.kind));
  if (pool.length === 0) {
    throw new CnibenchError('USAGE', `no ${provider.kind} scenario to run`, {
      hint: 'add scenarios to the config file',
    });
  }
  if (names.length === 0) return { scenarios: pool, explicit: false };
  const picked: ScenarioRef[] = [];
  for (const n of names) {
    const s = pool.find((x) => x.name === n);
    if (!s) {
      const known = pool.map((x) => x.name);
      const guess = didYouMean(n, known);
      throw new CnibenchError(
        'USAGE',
        `unknown scenario "${n}" for the ${provider.kind} target${guess ? `; did you mean "${guess}"?` : ''}`,
        {
          hint: `choose from: ${known.join(', ')}`,
        },
      );
    }
    picked.push(s);
  }
  return { scenarios: picked, explicit: true };
}
