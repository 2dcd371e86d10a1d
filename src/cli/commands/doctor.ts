import { runCommand } from '../../exec/runner.js';
import { labChecks, type Check } from '../../targets/lab/preflight.js';
import {
  ESSENTIAL_KUBERNETES_CHECKS,
  KUBERNETES_CLI_OPTIONS,
  kubernetesChecks,
} from '../../targets/kubernetes/cli.js';
import { flag, str, useColor, type CommandSpec, type Io, type ParsedArgs } from '../args.js';

export const doctorSpec: CommandSpec = {
  name: 'doctor',
  summary: 'Check prerequisites and kernel features, and say how to fix what is missing.',
  usage: 'cnibench doctor [--target lab|kubernetes] [--json]',
  options: [
    {
      name: 'target',
      type: 'string',
      value: 'KIND',
      description: 'which target to check (default: lab)',
      choices: ['lab', 'kubernetes'],
    },
    {
      name: 'plugin-dir',
      type: 'string',
      value: 'DIR',
      description: 'lab: directory of CNI plugin binaries (default /usr/lib/cni)',
    },
    { name: 'json', type: 'boolean', description: 'print the checks as JSON' },
    ...KUBERNETES_CLI_OPTIONS,
    {
      name: 'config',
      type: 'string',
      value: 'FILE',
      description: 'kubernetes: config file whose settings to check',
    },
  ],
  run: async (args: ParsedArgs, io: Io) => {
    if (str(args, 'target') === 'kubernetes') {
      const k8s = {
        context: str(args, 'context'),
        kubeconfig: str(args, 'kubeconfig'),
        config: str(args, 'config'),
      };
      return printChecks(await kubernetesChecks(k8s), args, io, ESSENTIAL_KUBERNETES_CHECKS);
    }
    const { checks } = await labChecks(runCommand, str(args, 'plugin-dir') ?? '/usr/lib/cni');
    return printChecks(checks, args, io, [
      'root',
      'linux',
      'tool ip',
      'tool iperf3',
      'CNI plugin bridge',
      'CNI plugin host-local',
      'kernel veth',
      'kernel bridge',
    ]);
  },
};

/** Prints checks; returns 1 if any check the target cannot work without failed. */
export function printChecks(checks: Check[], args: ParsedArgs, io: Io, essential: string[]): number {
  const failedEssential = checks.filter((c) => !c.ok && essential.includes(c.name));
  if (flag(args, 'json')) {
    io.stdout.write(`${JSON.stringify({ ok: failedEssential.length === 0, checks }, null, 2)}\n`);
    return failedEssential.length === 0 ? 0 : 1;
  }
  const color = useColor(io, 'stdout');
  const mark = (ok: boolean): string =>
    ok ? (color ? '\u001b[32mok\u001b[0m  ' : 'ok  ') : color ? '\u001b[31mFAIL\u001b[0m' : 'FAIL';
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) {
    io.stdout.write(`${mark(c.ok)}  ${c.name.padEnd(width)}  ${c.detail}\n`);
    if (!c.ok && c.fix) io.stdout.write(`      ${''.padEnd(width)}  fix: ${c.fix}\n`);
  }
  io.stdout.write(
    failedEssential.length === 0
      ? '\nready.\n'
      : `\nnot ready: ${failedEssential.map((c) => c.name).join(', ')}\n`,
  );
  return failedEssential.length === 0 ? 0 : 1;
}
