import { z } from 'zod';
import { CnibenchError } from '../model/errors.js';
import { nonEmpty } from '../util/non-empty.js';
import { kubernetesProvider } from './kubernetes/provider.js';
import { labProvider } from './lab/provider.js';

/**
 * Every target, in the order help texts list them; the first is the default. Adding a target is
 * one provider (a folder under targets/) and one entry here: the target kinds, the config
 * file's scenario union and settings sections, the result enum and the CLI flags follow.
 */
export const PROVIDERS = [labProvider, kubernetesProvider] as const;

export type TargetKind = (typeof PROVIDERS)[number]['kind'];

export const TARGET_KINDS: TargetKind[] = PROVIDERS.map((p) => p.kind);

export const DEFAULT_TARGET: TargetKind = PROVIDERS[0].kind;

/** The `target` enum of configs and result documents. */
export const TargetKindSchema = z.enum(nonEmpty(TARGET_KINDS, 'targets'));

/** A scenario of any target: the union of the providers' scenario schemas, by `target`. */
export const ScenarioConfig = z.discriminatedUnion(
  'target',
  nonEmpty(
    PROVIDERS.map((p) => p.scenario),
    'targets',
  ),
);
export type ScenarioConfig = z.infer<typeof ScenarioConfig>;

/** The config file's per-target sections (`lab:`, `kubernetes:`), each defaulted when absent. */
export function targetSettingsShape(): Partial<Record<TargetKind, z.ZodOptional<z.ZodType>>> {
  const shape: Partial<Record<TargetKind, z.ZodOptional<z.ZodType>>> = {};
  for (const p of PROVIDERS) shape[p.kind] = p.settings.optional();
  return shape;
}

/** A registered target's provider. */
export type Provider = (typeof PROVIDERS)[number];

export function providerFor(kind: string): Provider {
  const p = PROVIDERS.find((x) => x.kind === kind);
  if (p === undefined) {
    throw new CnibenchError('USAGE', `unknown target "${kind}"`, {
      hint: `choose one of: ${TARGET_KINDS.join(', ')}`,
    });
  }
  return p;
}
