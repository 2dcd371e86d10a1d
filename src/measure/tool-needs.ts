import type { ToolNeed } from '../targets/provider.js';
import type { PlannedVariant } from './measurement.js';
import { MEASUREMENTS } from './registry.js';

/** The programs each planned variant runs, for a target's preflight (`run`). */
export function toolNeeds(variants: readonly PlannedVariant[]): ToolNeed[] {
  return variants.map((v) => ({ measurement: `${v.kind} ${v.name}`, programs: v.tools }));
}

/**
 * Every measurement's variants with its default settings, and their programs (`doctor`): the
 * measurements that need a capability beyond commands (Services at scale) are left out.
 */
export function defaultToolNeeds(): ToolNeed[] {
  return MEASUREMENTS.filter((m) => m.requires.length === 0).flatMap((m) =>
    toolNeeds(
      m.plan(m.spec.parse({ kind: m.kind }) as { kind: string } & Record<string, unknown>, {
        durationS: 1,
        warmupS: 0,
      }),
    ),
  );
}
