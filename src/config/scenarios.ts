import { CnibenchError } from '../errors.js';
import type { TargetKind } from '../targets/target.js';
import { LAB_PROFILES, type ConfigFile, type ScenarioConfig } from './schema.js';

/** The ready-made lab scenarios: one per datapath profile, named after it (SPEC 7). */
export function builtinLabScenarios(): ScenarioConfig[] {
  return LAB_PROFILES.map((profile) => ({ name: profile, target: 'lab', profile, mtu: 1500 }));
}

/**
 * The scenarios of a run: the config file's for the target (or the built-in lab ones), narrowed
 * to `--scenario` names. Unknown names are usage errors that list the known ones.
 */
export function selectScenarios(
  config: ConfigFile,
  target: TargetKind,
  names: readonly string[],
): { scenarios: ScenarioConfig[]; explicit: boolean } {
  const fromConfig = config.scenarios.filter((s) => s.target === target);
  const pool = fromConfig.length > 0 ? fromConfig : target === 'lab' ? builtinLabScenarios() : [];
  if (pool.length === 0) {
    throw new CnibenchError('USAGE', `no ${target} scenario to run`, {
      hint:
        target === 'kubernetes'
          ? 'without a config file, cnibench measures the current kubeconfig context; check --context/KUBECONFIG'
          : 'add scenarios to the config file',
    });
  }
  if (names.length === 0) return { scenarios: pool, explicit: false };
  const picked: ScenarioConfig[] = [];
  for (const n of names) {
    const s = pool.find((x) => x.name === n);
    if (!s)
      throw new CnibenchError('USAGE', `unknown scenario "${n}" for the ${target} target`, {
        hint: `choose from: ${pool.map((x) => x.name).join(', ')}`,
      });
    picked.push(s);
  }
  return { scenarios: picked, explicit: true };
}
