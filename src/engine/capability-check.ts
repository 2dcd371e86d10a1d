import type { PlannedVariant } from '../measure/measurement.js';
import type { PreparedPath, ScenarioSession } from '../targets/target.js';

/**
 * The first capability a variant needs that a scenario lacks on a path: the session's static
 * `supports` first, then its own check with traffic (e.g. whether NetworkPolicy is enforced).
 */
export async function missingCapability(
  session: ScenarioSession,
  path: PreparedPath,
  variant: PlannedVariant,
  signal: AbortSignal,
): Promise<{ reason: string } | undefined> {
  for (const c of variant.requires) {
    const s = session.supports(c);
    if (s !== true) return s;
    const checked = await session.checkCapability?.(c, path, signal);
    if (checked !== undefined && checked !== true) return checked;
  }
  return undefined;
}
