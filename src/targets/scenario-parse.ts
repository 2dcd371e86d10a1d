import type { z } from 'zod';
import { CnibenchError } from '../model/errors.js';
import type { ScenarioRef } from './target.js';

/** A scenario handed to a target, validated with the target's own schema. */
export function parseScenario<S extends z.ZodType<ScenarioRef>>(
  schema: S,
  ref: ScenarioRef,
  kind: string,
): z.output<S> {
  if (ref.target !== kind) {
    throw new CnibenchError('USAGE', `scenario ${ref.name} is for the ${ref.target} target, not ${kind}`);
  }
  const r = schema.safeParse(ref);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CnibenchError(
      'CONFIG_INVALID',
      `scenario ${ref.name}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      { hint: 'see docs/configuration.md' },
    );
  }
  return r.data;
}
