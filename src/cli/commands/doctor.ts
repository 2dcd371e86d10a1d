import { defaultToolNeeds } from '../../measure/tool-needs.js';
import type { Check, DoctorReport } from '../../model/check.js';
import { useColor, type CommandSpec, type Io, type ParsedArgs } from '../args.js';
import { JSON_OPTION, outputFormat, outputOption, TEXT_OR_JSON } from '../output.js';
import { targetContext } from '../target-context.js';
import { targetOption, targetOptions } from '../target-flags.js';

export const doctorSpec: CommandSpec = {
  name: 'doctor',
  summary: 'Check prerequisites and kernel features, and say how to fix what is missing.',
  usage: 'cnibench doctor [--target lab|kubernetes] [--config FILE] [-o text|json]',
  options: [
    targetOption('which target to check (default: lab)'),
    {
      name: 'config',
      type: 'string',
      short: 'c',
      value: 'FILE',
      description: 'config file whose settings to check',
    },
    outputOption(TEXT_OR_JSON, 'text'),
    JSON_OPTION,
    ...targetOptions('doctor'),
  ],
  run: async (args: ParsedArgs, io: Io) => {
    const { provider, settings, ctx } = await targetContext(args, 'doctor', io);
    // every measurement's programs, for targets that check their image
    return printChecks(await provider.doctor(settings, { ...ctx, tools: defaultToolNeeds() }), args, io);
  },
};

/** Prints checks; returns 1 if any check the target cannot work without failed. */
export function printChecks(report: DoctorReport, args: ParsedArgs, io: Io): number {
  const { checks, essential } = report;
  const failedEssential = checks.filter((c) => !c.ok && essential.includes(c.name));
  if (outputFormat(args, 'text') === 'json') {
    io.stdout.write(`${JSON.stringify({ ok: failedEssential.length === 0, checks }, null, 2)}\n`);
    return failedEssential.length === 0 ? 0 : 1;
  }
  const color = useColor(io, 'stdout');
  const paint = (code: number, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const mark = (c: Check): string =>
    c.ok ? paint(32, 'ok  ') : c.optional === true ? paint(2, 'n/a ') : paint(31, 'FAIL');
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) {
    io.stdout.write(`${mark(c)}  ${c.name.padEnd(width)}  ${c.detail}\n`);
    if (!c.ok && c.optional !== true && c.fix) io.stdout.write(`      ${''.padEnd(width)}  fix: ${c.fix}\n`);
  }
  io.stdout.write(
    failedEssential.length === 0
      ? '\nready.\n'
      : `\nnot ready: ${failedEssential.map((c) => c.name).join(', ')}\n`,
  );
  return failedEssential.length === 0 ? 0 : 1;
}
