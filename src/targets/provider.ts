import type { z } from 'zod';
import type { Runner } from '../exec/runner.js';
import type { CleanupReport, DoctorReport } from '../model/check.js';
import type { OptionSpec } from '../model/cli-option.js';
import type { ScenarioRef, Target } from './target.js';

/** The commands whose flags a target may add to. */
export type TargetCommand = 'run' | 'doctor' | 'cleanup';

/**
 * A target's command-line flag, typed against its config: the value lands in a key of the
 * target's settings (`--image` -> `kubernetes.image`) or of each of its scenarios
 * (`--nodes` -> `scenarios[].nodes`) before the config is validated, so a flag is checked
 * exactly like its setting and cannot drift from it.
 */
export interface TargetFlag extends OptionSpec {
  to: { settings: string } | { scenario: string };
  /** Comma-separated list (`--nodes a,b`). */
  list?: boolean;
  commands: readonly TargetCommand[];
}

/** What a provider's operations get from the command that calls them. */
export interface ProviderContext {
  runId: string;
  runner: Runner;
  log: (message: string) => void;
  signal: AbortSignal;
  /**
   * `run`: the programs each planned measurement variant runs, so a target can check its
   * image up front; `doctor` leaves it out (the target checks every measurement).
   */
  tools?: readonly ToolNeed[];
}

/** The programs one measurement variant runs at either end of a path. */
export interface ToolNeed {
  /** e.g. `transfer protocol=ftp,size=256M`. */
  measurement: string;
  programs: readonly string[];
}

/**
 * Seconds a target spends beyond the measured time, for the ETA: per scenario (set-up and
 * teardown), per placement (preparing the path) and per repetition (starting and stopping).
 */
export interface TargetOverheads {
  scenarioS: number;
  pathS: number;
  repetitionS: number;
}

/** A built-in scenario and whether this machine can run it (`cnibench profiles`). */
export interface ScenarioSupport {
  name: string;
  description: string;
  supported: boolean;
  reason: string;
}

/**
 * Everything cnibench knows of one target, registered in `targets/registry.ts`: its config
 * schemas, flags, default scenarios and operations. Implementations load lazily, so reading a
 * result file never loads a Kubernetes client. The operations take the target's own settings
 * section and scenarios as validated by the config file, and parse them with their own schemas.
 */
export interface TargetProvider<
  K extends string = string,
  Sc extends z.ZodType<ScenarioRef> = z.ZodType<ScenarioRef>,
  St extends z.ZodType = z.ZodType,
> {
  readonly kind: K;
  readonly summary: string;
  /** A scenario of this target: `name`, `target: <kind>` and the target's own fields. */
  readonly scenario: Sc;
  /** The config file's `<kind>:` section; every field optional or defaulted. */
  readonly settings: St;
  readonly flags: readonly TargetFlag[];
  /** Scenarios a run uses when the config file has none for this target. */
  defaultScenarios(settings: unknown): ScenarioRef[];
  /** Time beyond the measured time, for the ETA; default: the engine's own guesses. */
  readonly overheads?: TargetOverheads;
  /**
   * Scenarios this machine cannot run, each with the reason (lab: kernel features, detected once).
   * Checked before a run so that they are skipped (or, when named with --scenario, failed) with it.
   */
  unsupportedScenarios(
    settings: unknown,
    scenarios: readonly ScenarioRef[],
    ctx: ProviderContext,
  ): Promise<{ name: string; reason: string }[]>;
  create(settings: unknown, ctx: ProviderContext): Promise<Target>;
  doctor(settings: unknown, ctx: ProviderContext): Promise<DoctorReport>;
  /** Removes what crashed runs left behind; never what a live run still uses unless `force`. */
  cleanup(settings: unknown, ctx: ProviderContext & { force: boolean }): Promise<CleanupReport>;
  /** The built-in scenarios and whether this machine supports each. */
  scenarioSupport(settings: unknown, ctx: ProviderContext): Promise<ScenarioSupport[]>;
}
