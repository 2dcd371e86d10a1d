import { runCommand } from '../../exec/runner.js';
import { cleanupLab } from '../../targets/lab/cleanup.js';
import { defaultStateDir } from '../../targets/lab/state.js';
import { cleanupKubernetesCli, KUBERNETES_CLI_OPTIONS } from '../../targets/kubernetes/cli.js';
import { flag, str, type CommandSpec, type Io, type ParsedArgs } from '../args.js';

export const cleanupSpec: CommandSpec = {
  name: 'cleanup',
  summary: 'Remove anything a crashed or killed run left behind (lab: cnb-* namespaces, processes, state).',
  usage: 'cnibench cleanup [--target lab|kubernetes] [--force]',
  options: [
    {
      name: 'target',
      type: 'string',
      value: 'KIND',
      description: 'what to clean (default: lab)',
      choices: ['lab', 'kubernetes'],
    },
    { name: 'force', type: 'boolean', description: 'also remove what runs that are still alive created' },
    { name: 'json', type: 'boolean', description: 'print what was removed as JSON' },
    ...KUBERNETES_CLI_OPTIONS,
  ],
  run: async (args: ParsedArgs, io: Io) => {
    if (str(args, 'target') === 'kubernetes') {
      const k8s = {
        context: str(args, 'context'),
        kubeconfig: str(args, 'kubeconfig'),
        json: flag(args, 'json'),
      };
      return cleanupKubernetesCli(k8s, io);
    }
    const report = await cleanupLab({
      run: runCommand,
      stateDir: defaultStateDir(),
      force: flag(args, 'force'),
    });
    if (flag(args, 'json')) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.stdout.write(
        `removed ${report.removedNamespaces.length} namespace(s)${report.removedNamespaces.length ? `: ${report.removedNamespaces.join(' ')}` : ''}\n`,
      );
      if (report.killedProcesses.length)
        io.stdout.write(
          `stopped ${report.killedProcesses.length} process(es): ${report.killedProcesses.join(' ')}\n`,
        );
      for (const s of report.skippedRuns) io.stdout.write(`left run ${s.runId} alone: ${s.reason}\n`);
      for (const e of report.errors) io.stderr.write(`error: ${e}\n`);
    }
    return report.errors.length > 0 ? 1 : 0;
  },
};
