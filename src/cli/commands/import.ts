import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CnibenchError } from '../../model/errors.js';
import { assembleImport } from '../../import/assemble.js';
import { CONVERTERS } from '../../import/converters.js';
import { detectFormat } from '../../import/detect.js';
import { IMPORT_FORMATS, type ImportFormat, type ImportHints } from '../../import/types.js';
import { PLACEMENTS, type Placement } from '../../model/placement.js';
import { writeFinal } from '../../results/write.js';
import { parseBitrate } from '../../util/units.js';
import { int, str, type CommandSpec, type Io, type ParsedArgs } from '../args.js';
import {
  JSON_OPTION,
  OUT_DIR_ALIASES,
  outDirOption,
  outputFormat,
  outputOption,
  TEXT_OR_JSON,
} from '../output.js';

export const importSpec: CommandSpec = {
  name: 'import',
  summary:
    'Turn results of other tools (iperf3 JSON or text, k8s-netperf CSV, knb) into a cnibench result file.',
  usage:
    'cnibench import FILE... [--from FMT] [--scenario NAME] [--placement P] [--streams N] [--out-dir DIR] [-o text|json]',
  options: [
    {
      name: 'from',
      type: 'string',
      value: 'FMT',
      description: "the files' format (default: detected)",
      choices: IMPORT_FORMATS,
    },
    {
      name: 'scenario',
      type: 'string',
      short: 's',
      value: 'NAME',
      description: 'the scenario the files measured, e.g. the CNI (default: imported)',
    },
    {
      name: 'placement',
      type: 'string',
      value: 'P',
      description: 'iperf3: where the two ends were (the output does not say)',
      choices: PLACEMENTS,
    },
    {
      name: 'measurement',
      type: 'string',
      value: 'KIND',
      description: 'iperf3: tcp or udp, for a failed run whose output does not say',
      choices: ['tcp', 'udp'],
    },
    {
      name: 'streams',
      type: 'string',
      value: 'N',
      description: 'iperf3: parallel streams (-P), where the output does not say',
    },
    {
      name: 'bitrate',
      type: 'string',
      value: 'RATE',
      description: 'iperf3 text, udp: the offered rate (-b), e.g. 1G, where the file does not say',
    },
    {
      name: 'target',
      type: 'string',
      value: 'KIND',
      description: 'where the data was measured (default: kubernetes)',
      choices: ['lab', 'kubernetes'],
    },
    outDirOption('directory for the result file (default: ./results)'),
    outputOption(
      TEXT_OR_JSON,
      'text',
      "-o is the output format (text: the new file's path; json: what was imported); the directory is --out-dir DIR",
    ),
    JSON_OPTION,
  ],
  aliases: [...OUT_DIR_ALIASES, { name: 'format', short: 'f', to: 'from', deprecated: true }],
  positionals: 'files',
  run: importCommand,
};

async function importCommand(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positionals.length === 0) {
    throw new CnibenchError('USAGE', 'cnibench import: no file given', {
      hint: 'cnibench import canal.txt --from iperf3-text --scenario canal --placement cross-node',
    });
  }
  const files = [];
  for (const path of args.positionals) files.push({ path, text: await readText(path) });
  const format = formatOf(args, files);
  const hints = hintsOf(args, format);
  const convert = CONVERTERS[format];
  const converted = files.map((f) => ({ ...f, converted: convert(f.text, f.path, hints) }));
  const doc = assembleImport({
    format,
    files: converted,
    scenario: str(args, 'scenario') ?? 'imported',
    target: (str(args, 'target') ?? 'kubernetes') as 'lab' | 'kubernetes',
    hints,
    runId: randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6),
    importedAt: new Date().toISOString(),
    command: ['cnibench', 'import', ...process.argv.slice(3)],
  });
  const out = await writeFinal(str(args, 'out-dir') ?? 'results', doc);
  const reps = doc.results.reduce((n, r) => n + r.repetitions.length, 0);
  const scenario = doc.scenarios[0]?.name ?? '';
  const notes = doc.run.provenance?.notes ?? [];
  if (outputFormat(args, 'text') === 'json') {
    const summary = {
      file: out,
      run: doc.run.id,
      format,
      scenario,
      measurements: doc.results.length,
      repetitions: reps,
      notes,
    };
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  io.stderr.write(
    `imported ${reps} repetition(s) of ${doc.results.length} measurement(s) from ${files.length} ${format} file(s) as scenario ${scenario}\n`,
  );
  for (const note of notes) io.stderr.write(`note: ${note}\n`);
  io.stdout.write(`${out}\n`);
  return 0;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new CnibenchError('IMPORT_INVALID', `cannot read ${path}: ${(e as Error).message}`, {
      hint: 'check the file name',
    });
  }
}

function formatOf(args: ParsedArgs, files: { path: string; text: string }[]): ImportFormat {
  const given = str(args, 'from') as ImportFormat | undefined;
  if (given !== undefined) return given;
  const found = files.map((f) => ({ path: f.path, format: detectFormat(f.text) }));
  const unknown = found.find((f) => f.format === undefined);
  if (unknown !== undefined) {
    throw new CnibenchError('USAGE', `cnibench import: cannot tell the format of ${unknown.path}`, {
      hint: `give --from ${IMPORT_FORMATS.join('|')}`,
    });
  }
  const kinds = [...new Set(found.map((f) => f.format))];
  if (kinds.length > 1) {
    throw new CnibenchError(
      'USAGE',
      `cnibench import: the files are of different formats (${found.map((f) => `${f.path}: ${f.format}`).join(', ')})`,
      {
        hint: 'import each format separately; one result file holds one import',
      },
    );
  }
  return kinds[0] as ImportFormat;
}

function hintsOf(args: ParsedArgs, format: ImportFormat): ImportHints {
  const hints: ImportHints = {};
  const placement = str(args, 'placement');
  const measurement = str(args, 'measurement');
  const streams = int(args, 'streams');
  const bitrate = str(args, 'bitrate');
  if (placement !== undefined) hints.placement = placement as Placement;
  if (measurement !== undefined) hints.measurement = measurement as 'tcp' | 'udp';
  if (streams !== undefined) hints.streams = streams;
  if (bitrate !== undefined) hints.bitrateBps = parseBitrate(bitrate, '--bitrate');
  const given = ['placement', 'measurement', 'streams', 'bitrate'].filter((k) => str(args, k) !== undefined);
  if (!format.startsWith('iperf3') && given.length > 0) {
    throw new CnibenchError(
      'USAGE',
      `cnibench import: --${given[0]} applies to iperf3 files; ${format} says where and what each test was`,
      {
        hint: `remove --${given.join(', --')}`,
      },
    );
  }
  return hints;
}
