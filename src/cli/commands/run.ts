import { randomBytes } from 'node:crypto';
import { hostname, release } from 'node:os';
import { CnibenchError, toErrorData } from '../../errors.js';
import { loadConfig, parseConfig, resolveSuite } from '../../config/load.js';
import { selectScenarios } from '../../config/scenarios.js';
import type { ConfigFile, ScenarioConfig } from '../../config/schema.js';
import { makeRunPlan } from '../../engine/plan.js';
import { createProgress } from '../../engine/progress.js';
import { runEngine } from '../../engine/run.js';
import { rendererFor } from '../../report/index.js';
import { RESULT_SCHEMA, type ResultDocument } from '../../results/schema.js';
import { savePartial, writeFinal } from '../../results/write.js';
import { createTarget } from '../../targets/factory.js';
import { detectFeatures } from '../../targets/lab/features.js';
import { profileSupport } from '../../targets/lab/preflight.js';
import type { Target, TargetKind } from '../../targets/target.js';
import { runCommand } from '../../exec/runner.js';
import { parseDuration } from '../../util/units.js';
import { VERSION } from '../../version.js';
import { flag, int, list, str, useColor, type CommandSpec, type Io, type ParsedArgs } from '../args.js';
import { DEFAULT_ADAPTIVE_POLICY } from '../../stats/adaptive.js';
import { interruptController } from '../signals.js';

export const runSpec: CommandSpec = {
  name: 'run',
  summary:
    'Run a benchmark: scenarios x placements x measurements x repetitions; writes a result file and prints a table.',
  usage:
    'cnibench run [--target lab|kubernetes] [--config FILE] [--suite NAME] [--scenario NAME...] [options]',
  options: [
    {
      name: 'target',
      type: 'string',
      value: 'KIND',
      description: "where to measure (default: the config file's target, else lab)",
      choices: ['lab', 'kubernetes'],
    },
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
      description: 'quick, standard, full or a suite from the config (default: standard)',
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
    {
      name: 'out',
      type: 'string',
      short: 'o',
      value: 'DIR',
      description: 'directory for the result file (default: ./results)',
    },
    {
      name: 'format',
      type: 'string',
      short: 'f',
      value: 'FMT',
      description: 'what to print on stdout at the end (default: terminal)',
      choices: ['terminal', 'md', 'csv', 'json', 'none'],
    },
    {
      name: 'json',
      type: 'boolean',
      description: 'print the result document as JSON on stdout (same as --format json)',
    },
    {
      name: 'plugin-dir',
      type: 'string',
      value: 'DIR',
      description: 'lab: directory of CNI plugin binaries (default /usr/lib/cni)',
    },
    { name: 'context', type: 'string', value: 'NAME', description: 'kubernetes: kubeconfig context' },
    {
      name: 'kubeconfig',
      type: 'string',
      value: 'FILE',
      description: 'kubernetes: kubeconfig file (default: $KUBECONFIG, ~/.kube/config)',
    },
    { name: 'nodes', type: 'string', value: 'A,B', description: 'kubernetes: the two nodes to use' },
  ],
  run: runCommandMain,
};

function newRunId(): string {
  return randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6);
}

async function runCommandMain(args: ParsedArgs, io: Io): Promise<number> {
  const configFile = str(args, 'config');
  const config: ConfigFile = configFile ? await loadConfig(configFile) : parseConfig({}, '(defaults)');
  const kind = (str(args, 'target') ?? config.target ?? 'lab') as TargetKind;
  const suiteName = str(args, 'suite') ?? 'standard';
  const suite = resolveSuite(config, suiteName);
  const durationText = str(args, 'duration');
  const adaptive = str(args, 'repeat') === 'auto' ? DEFAULT_ADAPTIVE_POLICY : undefined;
  const repeat = adaptive ? adaptive.maxRepetitions : int(args, 'repeat');
  const names = list(args, 'scenario');
  const selected = selectDefault(config, kind, names, args);
  const explicit = selected.explicit;
  let scenarios = selected.scenarios;
  const format = flag(args, 'json') ? 'json' : (str(args, 'format') ?? 'terminal');
  const render = format === 'none' ? undefined : rendererFor(format);
  const outDir = str(args, 'out') ?? 'results';
  const progress = createProgress({
    write: (s) => io.stderr.write(s),
    tty: io.stderr.isTTY === true,
    color: useColor(io, 'stderr'),
  });
  const runId = newRunId();
  const doc: ResultDocument = {
    schema: RESULT_SCHEMA,
    tool: { name: 'cnibench', version: VERSION },
    run: {
      id: runId,
      startedAt: new Date().toISOString(),
      status: 'running',
      target: kind,
      suite: suiteName,
      parameters: {
        suite,
        repeat: adaptive ? 'auto' : (repeat ?? suite.repeat),
        duration: durationText ?? suite.duration,
        scenarios: scenarios.map((s) => s.name),
      },
      host: { hostname: hostname(), kernel: release(), platform: process.platform, node: process.version },
      command: ['cnibench', 'run', ...process.argv.slice(3)],
    },
    scenarios: [],
    results: [],
    failures: [],
  };
  if (kind === 'lab' && !explicit && process.getuid?.() === 0) {
    const support = profileSupport(await detectFeatures(runCommand));
    const usable = scenarios.filter(
      (s) => s.target !== 'lab' || support.find((p) => p.name === s.profile)?.supported !== false,
    );
    for (const s of scenarios.filter((x) => !usable.includes(x))) {
      const reason = s.target === 'lab' ? (support.find((p) => p.name === s.profile)?.reason ?? '') : '';
      progress({ type: 'note', message: `skipping scenario ${s.name}: ${reason}` });
      doc.scenarios.push({
        name: s.name,
        target: 'lab',
        config: { ...s },
        environment: {},
        status: 'skipped',
        error: { code: 'PROFILE_UNSUPPORTED', message: reason },
        unsupportedPlacements: [],
      });
    }
    scenarios = usable;
  }
  const plan = makeRunPlan(scenarios, suite, {
    ...(repeat !== undefined ? { repeat } : {}),
    ...(adaptive ? { adaptive } : {}),
    ...(durationText !== undefined ? { durationS: parseDuration(durationText, '--duration') / 1000 } : {}),
  });
  const interrupts = interruptController(
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
  let target: Target | undefined;
  let crashed: unknown;
  try {
    target = await createTarget(kind, {
      runId,
      config,
      log: (m) => progress({ type: 'note', message: m }),
      ...optional('pluginDir', str(args, 'plugin-dir')),
      ...optional('context', str(args, 'context')),
      ...optional('kubeconfig', str(args, 'kubeconfig')),
      ...(str(args, 'nodes') ? { nodes: list(args, 'nodes') } : {}),
    });
    await runEngine({
      target,
      plan,
      doc,
      signal: interrupts.signal,
      onEvent: progress,
      save: async (d) => void (await savePartial(outDir, d)),
    });
  } catch (e) {
    crashed = e;
  } finally {
    if (target) {
      try {
        await target.teardown();
      } catch (e) {
        progress({
          type: 'note',
          message: `cleanup failed: ${(e as Error).message}; run \`cnibench cleanup --target ${kind}\``,
        });
      }
    }
    interrupts.dispose();
  }
  doc.run.finishedAt = new Date().toISOString();
  doc.run.status = interrupts.interrupted() ? 'interrupted' : crashed ? 'failed' : 'complete';
  if (crashed && !interrupts.interrupted())
    doc.failures.push({ scenario: '(run)', error: toErrorData(crashed) });
  const file = await writeFinal(outDir, doc);
  progress({ type: 'saved', file });
  if (render) io.stdout.write(await render([doc], { color: useColor(io, 'stdout') }));
  if (interrupts.interrupted()) return 130;
  if (crashed) throw crashed;
  return doc.failures.length > 0 ? 1 : 0;
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

function selectDefault(
  config: ConfigFile,
  kind: TargetKind,
  names: string[],
  args: ParsedArgs,
): { scenarios: ScenarioConfig[]; explicit: boolean } {
  if (kind === 'kubernetes' && config.scenarios.every((s) => s.target !== 'kubernetes')) {
    if (names.length > 0)
      throw new CnibenchError('USAGE', '--scenario needs a config file with kubernetes scenarios', {
        hint: 'see examples/ for scenario files',
      });
    const context = str(args, 'context');
    return {
      scenarios: [
        {
          name: context ?? 'current-context',
          target: 'kubernetes',
          waitFor: [],
          waitTimeout: '5m',
          ...(context ? { context } : {}),
        },
      ],
      explicit: true,
    };
  }
  return selectScenarios(config, kind, names);
}
