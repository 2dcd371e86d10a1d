import { randomBytes } from 'node:crypto';
import { hostname, release } from 'node:os';
import { toErrorData } from '../../model/errors.js';
import { makeRunPlan, type PlannedScenario, type RunPlan } from '../../engine/plan.js';
import { createProgress } from '../../engine/progress.js';
import type { RunEvent } from '../../engine/events.js';
import { runEngine } from '../../engine/run.js';
import { runCommand } from '../../exec/runner.js';
import { BUILTIN_SUITES } from '../../config/suites.js';
import { toolNeeds } from '../../measure/tool-needs.js';
import { rendererFor, RENDERERS } from '../../report/index.js';
import { RESULT_SCHEMA, type ResultDocument } from '../../results/schema.js';
import { checkOutputDir } from '../../results/output-dir.js';
import { savePartial, writeFinal } from '../../results/write.js';
import type { ProviderContext } from '../../targets/provider.js';
import type { Target } from '../../targets/target.js';
import { VERSION } from '../../version.js';
import { useColor, type CommandSpec, type Io, type ParsedArgs } from '../args.js';
import {
  FORMAT_ALIAS,
  JSON_OPTION,
  OUT_DIR_ALIASES,
  outDirOption,
  outputOption,
  PUSH_GATEWAY_OPTION,
} from '../output.js';
import { pushResults } from '../push-gateway.js';
import { MESH_OPTIONS } from '../mesh-flags.js';
import { readRunInputs, type RunInputs } from '../run-inputs.js';
import { interruptController } from '../signals.js';
import { targetOption, targetOptions } from '../target-flags.js';

export const runSpec: CommandSpec = {
  name: 'run',
  summary:
    'Run a benchmark: scenarios x placements x measurements x repetitions; writes a result file and prints a table.',
  usage:
    'cnibench run [--target lab|kubernetes] [--config FILE] [--suite NAME] [--scenario NAME...] [options]',
  options: [
    targetOption("where to measure (default: the config file's target, else lab)"),
    {
      name: 'config',
      type: 'string',
      short: 'c',
      value: 'FILE',
      description: 'YAML/JSON config with scenarios and suites',
    },
    {
      name: 'suite',
      type: 'string',
      short: 's',
      value: 'NAME',
      description:
        'quick, standard, full, mesh or a suite from the config (default: standard; with --mesh: mesh)',
      suggest: Object.keys(BUILTIN_SUITES),
    },
    {
      name: 'scenario',
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'only these scenarios (lab: profile names); comma-separated or repeated',
    },
    {
      name: 'repeat',
      type: 'string',
      short: 'r',
      value: 'N',
      description:
        "repetitions per measurement (default: the suite's, at least 3 recommended), or auto: until the 95% CI of the median is within +-3% (at most 20)",
    },
    {
      name: 'duration',
      type: 'string',
      short: 'd',
      value: 'TIME',
      description: "measured time per repetition, e.g. 10s (default: the suite's)",
    },
    outDirOption('directory for the result file (default: ./results)'),
    outputOption(
      [...Object.keys(RENDERERS), 'none'],
      'terminal',
      '-o is the format printed at the end; the directory for the result file is --out-dir DIR',
    ),
    JSON_OPTION,
    PUSH_GATEWAY_OPTION,
    ...MESH_OPTIONS,
    ...targetOptions('run'),
  ],
  aliases: [...OUT_DIR_ALIASES, FORMAT_ALIAS],
  run: runCommandMain,
};

/** `cnibench run`: read the inputs, plan, measure, save, report. */
async function runCommandMain(args: ParsedArgs, io: Io): Promise<number> {
  const inputs = await readRunInputs(args);
  await checkOutputDir(inputs.outDir); // before anything is measured
  const progress = createProgress({
    write: (s) => io.stderr.write(s),
    tty: io.stderr.isTTY === true,
    color: useColor(io, 'stderr'),
  });
  const interrupts = runInterrupts(progress); // until the result is written, a signal stops the run cleanly
  try {
    return await measureAndSave(inputs, io, progress, interrupts);
  } finally {
    interrupts.dispose();
  }
}

/** Plans, measures and writes the result; a signal at any point still gets what was measured saved. */
async function measureAndSave(
  inputs: RunInputs,
  io: Io,
  progress: (e: RunEvent) => void,
  interrupts: ReturnType<typeof interruptController>,
): Promise<number> {
  const note = (message: string): void => progress({ type: 'note', message });
  const doc = newDocument(inputs);
  const ctx: ProviderContext = {
    runId: doc.run.id,
    runner: runCommand,
    log: note,
    signal: interrupts.signal,
  };
  const plan = makeRunPlan(await planScenarios(inputs, ctx), inputs.suite, {
    ...inputs.overrides,
    ...(inputs.provider.overheads ? { overheads: inputs.provider.overheads } : {}),
  });
  // what each planned measurement runs, so the target can check its image before measuring
  ctx.tools = toolNeeds(plan.variants);
  const outcome = await execute(inputs, plan, doc, ctx, progress, interrupts.signal);
  try {
    return await saveAndReport(inputs, io, doc, outcome, progress, interrupts);
  } finally {
    await outcome.target?.finish?.();
  }
}

/** Writes the final result, prints and pushes it; the exit code. */
async function saveAndReport(
  inputs: RunInputs,
  io: Io,
  doc: ResultDocument,
  outcome: Outcome,
  progress: (e: RunEvent) => void,
  interrupts: ReturnType<typeof interruptController>,
): Promise<number> {
  const note = (message: string): void => progress({ type: 'note', message });
  const render = inputs.format === 'none' ? undefined : rendererFor(inputs.format);
  doc.run.finishedAt = new Date().toISOString();
  // The engine marks the document complete when it ran its whole plan (a signal after that changes nothing).
  doc.run.status =
    doc.run.status === 'complete'
      ? 'complete'
      : outcome.interrupted
        ? 'interrupted'
        : outcome.crashed !== undefined
          ? 'failed'
          : 'complete';
  if (outcome.crashed !== undefined && !outcome.interrupted)
    doc.failures.push({ scenario: '(run)', error: toErrorData(outcome.crashed) });
  progress({ type: 'saved', file: await writeFinal(inputs.outDir, doc, { note }) });
  if (render) io.stdout.write(await render([doc], { color: useColor(io, 'stdout'), verdicts: 'bottom' }));
  if (interrupts.interrupted()) return 130;
  if (outcome.crashed !== undefined) throw outcome.crashed;
  if (inputs.pushGateway !== undefined) {
    const pushed = await pushResults([doc], inputs.pushGateway);
    progress({ type: 'note', message: `pushed ${pushed.series} series to ${pushed.base}` });
  }
  return doc.failures.length > 0 ? 1 : 0;
}

function newRunId(): string {
  return randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6);
}

function newDocument(inputs: RunInputs): ResultDocument {
  return {
    schema: RESULT_SCHEMA,
    tool: { name: 'cnibench', version: VERSION },
    run: {
      id: newRunId(),
      startedAt: new Date().toISOString(),
      status: 'running',
      target: inputs.provider.kind,
      suite: inputs.suiteName,
      parameters: {
        suite: inputs.suite,
        ...inputs.parameters,
        scenarios: inputs.scenarios.map((s) => s.name),
      },
      host: { hostname: hostname(), kernel: release(), platform: process.platform, node: process.version },
      command: ['cnibench', 'run', ...process.argv.slice(3)],
    },
    scenarios: [],
    results: [],
    failures: [],
    skipped: [],
  };
}

/** The run's scenarios, each marked when this machine cannot run it (the target says why). */
async function planScenarios(inputs: RunInputs, ctx: ProviderContext): Promise<PlannedScenario[]> {
  const unsupported = await inputs.provider.unsupportedScenarios(inputs.settings, inputs.scenarios, ctx);
  return inputs.scenarios.map((ref) => {
    const why = unsupported.find((u) => u.name === ref.name);
    return why === undefined ? { ref } : { ref, unsupported: { reason: why.reason, asked: inputs.explicit } };
  });
}

/** SIGINT/SIGTERM/SIGHUP stop the run after cleanup; a third quits at once. */
function runInterrupts(progress: (e: RunEvent) => void): ReturnType<typeof interruptController> {
  return interruptController(
    (sig) =>
      progress({
        type: 'note',
        message: `${sig}: stopping after cleanup; what was measured is saved (press Ctrl-C twice more to quit at once)`,
      }),
    () =>
      progress({
        type: 'note',
        message: 'still cleaning up; press Ctrl-C once more to quit at once and run `cnibench cleanup` later',
      }),
  );
}

/** How the measuring ended, and the target (to finish once the result is saved). */
interface Outcome {
  interrupted: boolean;
  crashed?: unknown;
  target?: Target;
}

/** Creates the target, runs the engine with partial saves, and always tears down; Ctrl-C aborts cleanly. */
async function execute(
  inputs: RunInputs,
  plan: RunPlan,
  doc: ResultDocument,
  ctx: ProviderContext,
  progress: (e: RunEvent) => void,
  signal: AbortSignal,
): Promise<Outcome> {
  const note = (message: string): void => progress({ type: 'note', message });
  let target: Target | undefined;
  let crashed: unknown;
  try {
    target = await inputs.provider.create(inputs.settings, { ...ctx, signal });
    await runEngine({
      target,
      plan,
      doc,
      signal,
      onEvent: progress,
      save: async (d) => void (await savePartial(inputs.outDir, d, { note })),
    });
  } catch (e) {
    crashed = e;
  } finally {
    await target?.teardown().catch((e: unknown) =>
      progress({
        type: 'note',
        message: `cleanup failed: ${(e as Error).message}; run \`cnibench cleanup --target ${inputs.provider.kind}\``,
      }),
    );
  }
  return {
    interrupted: signal.aborted,
    ...(crashed !== undefined ? { crashed } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}
