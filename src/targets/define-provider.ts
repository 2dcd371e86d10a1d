import type { z } from 'zod';
import type { CleanupReport, DoctorReport } from '../model/check.js';
import { CnibenchError } from '../model/errors.js';
import type {
  ProviderContext,
  ScenarioSupport,
  TargetFlag,
  TargetOverheads,
  TargetProvider,
} from './provider.js';
import { parseScenario } from './scenario-parse.js';
import type { ScenarioRef, Target } from './target.js';

/** A provider written against its own types; `defineProvider` makes it a `TargetProvider`. */
export interface ProviderDefinition<
  K extends string,
  Sc extends z.ZodType<ScenarioRef>,
  St extends z.ZodType,
> {
  kind: K;
  summary: string;
  scenario: Sc;
  settings: St;
  flags: readonly TargetFlag[];
  overheads?: TargetOverheads;
  defaultScenarios(settings: z.output<St>): z.output<Sc>[];
  unsupportedScenarios?(
    settings: z.output<St>,
    scenarios: z.output<Sc>[],
    ctx: ProviderContext,
  ): Promise<{ name: string; reason: string }[]>;
  create(settings: z.output<St>, ctx: ProviderContext): Promise<Target>;
  doctor(settings: z.output<St>, ctx: ProviderContext): Promise<DoctorReport>;
  cleanup(settings: z.output<St>, ctx: ProviderContext & { force: boolean }): Promise<CleanupReport>;
  scenarioSupport?(settings: z.output<St>, ctx: ProviderContext): Promise<ScenarioSupport[]>;
}

/**
 * Wraps a provider definition so that the CLI can call it with its config section as read: each
 * operation validates its settings and scenarios with the provider's own schemas first.
 */
export function defineProvider<K extends string, Sc extends z.ZodType<ScenarioRef>, St extends z.ZodType>(
  def: ProviderDefinition<K, Sc, St>,
): TargetProvider<K, Sc, St> {
  const settings = (raw: unknown): z.output<St> => {
    const r = def.settings.safeParse(raw ?? {});
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    throw new CnibenchError(
      'CONFIG_INVALID',
      `${def.kind}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      { hint: 'see docs/configuration.md' },
    );
  };
  return {
    kind: def.kind,
    summary: def.summary,
    scenario: def.scenario,
    settings: def.settings,
    flags: def.flags,
    ...(def.overheads !== undefined ? { overheads: def.overheads } : {}),
    defaultScenarios: (raw) =>
      def.defaultScenarios(settings(raw)).map((s) => parseScenario(def.scenario, s, def.kind)),
    unsupportedScenarios: async (raw, refs, ctx) =>
      def.unsupportedScenarios === undefined
        ? []
        : def.unsupportedScenarios(
            settings(raw),
            refs.map((r) => parseScenario(def.scenario, r, def.kind)),
            ctx,
          ),
    create: (raw, ctx) => def.create(settings(raw), ctx),
    doctor: (raw, ctx) => def.doctor(settings(raw), ctx),
    cleanup: (raw, ctx) => def.cleanup(settings(raw), ctx),
    scenarioSupport: async (raw, ctx) => (def.scenarioSupport ? def.scenarioSupport(settings(raw), ctx) : []),
  };
}
