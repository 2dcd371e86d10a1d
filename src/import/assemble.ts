import { createHash } from 'node:crypto';
import { CnibenchError } from '../model/errors.js';
import type { Placement } from '../model/placement.js';
import type { MeasurementKind } from '../measure/registry.js';
import { ResultDocument, RESULT_SCHEMA, type MeasurementResult, type Repetition } from '../results/schema.js';
import { summarizeResult } from '../results/summarize.js';
import { VERSION } from '../version.js';
import type { ImportFormat, ImportHints, ImportedFile, ImportedTest } from './types.js';

export interface AssembleInput {
  format: ImportFormat;
  files: { path: string; text: string; converted: ImportedFile }[];
  scenario: string;
  target: 'lab' | 'kubernetes';
  hints: ImportHints;
  runId: string;
  importedAt: string;
  command: string[];
}

interface Placed {
  test: ImportedTest;
  placement: Placement;
  measurement: MeasurementKind;
  variant: string;
  path: string;
  runTag: string;
}

/**
 * The result document of an import: every test a repetition, tests of the same placement,
 * measurement and variant repetitions of one measurement (in file order), summaries computed
 * as for a run, and `run.provenance` saying where it all came from. Pure.
 */
export function assembleImport(input: AssembleInput): ResultDocument {
  const placed = resolveAll(input);
  const results: MeasurementResult[] = [];
  const tagOf = new Map<Repetition, string>();
  for (const p of placed.filter((x) => x.test.supplement !== true)) {
    const result = resultFor(results, p, input.scenario);
    const rep = repetition(p, result.repetitions.length + 1, input.importedAt);
    result.repetitions.push(rep);
    tagOf.set(rep, p.runTag);
  }
  for (const p of placed.filter((x) => x.test.supplement === true)) mergeSupplement(results, p, tagOf, input);
  const notes = input.files.flatMap((f) => f.converted.notes);
  if (results.length === 0) {
    throw new CnibenchError(
      'IMPORT_INVALID',
      `nothing to import: no test of ${input.files.map((f) => f.path).join(', ')} has a cnibench placement and measurement`,
      {
        details: notes.join('\n'),
        hint: 'see the reasons above; cnibench imports tcp, udp, rr and crr tests between pods, to a Service and between hosts',
      },
    );
  }
  for (const r of results) r.summaries = summarizeResult(r);
  const doc = {
    schema: RESULT_SCHEMA,
    tool: { name: 'cnibench', version: VERSION },
    run: {
      id: input.runId,
      startedAt: input.importedAt,
      finishedAt: input.importedAt,
      status: 'complete',
      target: input.target,
      suite: 'imported',
      parameters: { format: input.format, files: input.files.map((f) => f.path), ...input.hints },
      host: {},
      command: input.command,
      provenance: {
        kind: 'imported',
        source: input.format,
        files: input.files.map((f) => ({
          path: f.path,
          sha256: createHash('sha256').update(f.text).digest('hex'),
        })),
        importedAt: input.importedAt,
        notes,
      },
    },
    scenarios: [
      {
        name: input.scenario,
        target: input.target,
        config: { imported: input.format, files: input.files.map((f) => f.path) },
        environment: environmentOf(input.files.map((f) => f.converted)),
        status: 'ok',
        unsupportedPlacements: [],
      },
    ],
    results,
    failures: failuresOf(results),
  };
  // Figures computed from the files (a duration times a sample count) may still overflow.
  const r = ResultDocument.safeParse(doc);
  if (!r.success) {
    const issues = r.error.issues
      .slice(0, 5)
      .map((i) => `  ${i.path.join('.').slice(0, 200)}: ${i.message.slice(0, 200)}`);
    if (r.error.issues.length > 5) issues.push(`  ... and ${r.error.issues.length - 5} more`);
    throw new CnibenchError(
      'IMPORT_INVALID',
      `${input.files.map((f) => f.path).join(', ')}: the files give figures out of range:\n${issues.join('\n')}`,
      { hint: 'the files are damaged or were edited; import the tool output as it printed it' },
    );
  }
  return r.data;
}

/** Every test with its placement, measurement and variant, from the file, the flags or its siblings. */
function resolveAll(input: AssembleInput): Placed[] {
  const all = input.files.flatMap((f) =>
    f.converted.tests.map((test) => ({ test, path: f.path, runTag: f.converted.runTag ?? f.path })),
  );
  const known = all.filter((x) => x.test.measurement !== undefined && x.test.variant !== undefined);
  return all.map(({ test, path, runTag }) => {
    const placement = test.placement ?? input.hints.placement;
    if (placement === undefined) {
      throw new CnibenchError('USAGE', `${path} does not say where the two ends of the test were`, {
        hint: 'give --placement same-node|cross-node|host|service (iperf3 output does not record it)',
      });
    }
    if (test.measurement !== undefined && test.variant !== undefined) {
      return { test, placement, measurement: test.measurement, variant: test.variant, path, runTag };
    }
    const sibling = onlyTestLike(test, known);
    if (sibling === undefined) {
      throw new CnibenchError(
        'USAGE',
        `${path}: a run that failed before saying what it measured (${test.error?.message ?? 'no figures'})`,
        {
          hint: 'give --measurement tcp|udp and --streams N (and --bitrate for udp), or import it with the files of the same test',
        },
      );
    }
    const adopted = {
      ...test,
      parameters: sibling.parameters,
      notes: [...test.notes, `measurement and variant taken from ${sibling.path}, imported with it`],
    };
    return {
      test: adopted,
      placement,
      measurement: sibling.measurement,
      variant: sibling.variant,
      path,
      runTag,
    };
  });
}

/** The one test (measurement and variant) the import's other files hold, for a run that failed without saying its own. */
function onlyTestLike(
  test: ImportedTest,
  known: { test: ImportedTest; path: string }[],
):
  | { measurement: MeasurementKind; variant: string; parameters: ImportedTest['parameters']; path: string }
  | undefined {
  const like = known.filter((k) => test.measurement === undefined || k.test.measurement === test.measurement);
  const keys = new Set(like.map((k) => `${k.test.measurement}\n${k.test.variant}`));
  const first = like[0];
  if (keys.size !== 1 || first?.test.measurement === undefined || first.test.variant === undefined)
    return undefined;
  return {
    measurement: first.test.measurement,
    variant: first.test.variant,
    parameters: first.test.parameters,
    path: first.path,
  };
}

function resultFor(results: MeasurementResult[], p: Placed, scenario: string): MeasurementResult {
  const found = results.find(
    (r) => r.placement === p.placement && r.measurement === p.measurement && r.variant === p.variant,
  );
  if (found !== undefined) return found;
  const created: MeasurementResult = {
    scenario,
    placement: p.placement,
    measurement: p.measurement,
    variant: p.variant,
    parameters: p.test.parameters,
    tool: p.test.tool,
    repetitions: [],
    summaries: [],
  };
  results.push(created);
  return created;
}

function repetition(p: Placed, index: number, importedAt: string): Repetition {
  const t = p.test;
  const where = t.lines[0] === t.lines[1] ? `line ${t.lines[0]}` : `lines ${t.lines[0]}-${t.lines[1]}`;
  return {
    index,
    startedAt: t.startedAt ?? importedAt,
    durationMs: t.durationMs ?? 0,
    status: t.status,
    metrics: t.status === 'ok' ? { ...t.metrics } : {},
    series: t.series,
    notes: [
      `imported from ${p.path} (${where})`,
      ...(t.startedAt === undefined ? ['start time not in the source: the import time stands in'] : []),
      ...t.notes,
    ],
    raw: [rawOf(p)],
    ...(t.error === undefined ? {} : { error: t.error }),
  };
}

function rawOf(p: Placed): Repetition['raw'][number] {
  return {
    role: `imported from ${p.path}`,
    command: p.test.command,
    exitCode: null,
    signal: null,
    timedOut: false,
    stdout: p.test.raw,
    stderr: '',
    durationMs: p.test.durationMs ?? 0,
  };
}

/** A supplement's figures join the repetition of the same test from the same run (else the only one). */
function mergeSupplement(
  results: MeasurementResult[],
  p: Placed,
  tagOf: Map<Repetition, string>,
  input: AssembleInput,
): void {
  const result = results.find(
    (r) => r.placement === p.placement && r.measurement === p.measurement && r.variant === p.variant,
  );
  const reps = result?.repetitions.filter((r) => r.status === 'ok') ?? [];
  const target = reps.find((r) => tagOf.get(r) === p.runTag) ?? (reps.length === 1 ? reps[0] : undefined);
  if (result === undefined || target === undefined) {
    const own = resultFor(results, p, input.scenario);
    own.repetitions.push(repetition(p, own.repetitions.length + 1, input.importedAt));
    return;
  }
  for (const [k, v] of Object.entries(p.test.metrics))
    if (target.metrics[k] === undefined) target.metrics[k] = v;
  target.notes.push(
    `figures ${Object.keys(p.test.metrics).join(', ')} from ${p.path} (line ${p.test.lines[0]})`,
    ...p.test.notes,
  );
  target.raw.push(rawOf(p));
}

function environmentOf(files: ImportedFile[]): ResultDocument['scenarios'][number]['environment'] {
  const env: Record<string, string | number | boolean | null> = {};
  for (const f of files) {
    for (const [k, v] of Object.entries(f.environment)) {
      const had = env[k];
      if (had === undefined) env[k] = v;
      else if (had !== v && !String(had).split(' | ').includes(String(v)))
        env[k] = `${String(had)} | ${String(v)}`;
    }
  }
  return env;
}

function failuresOf(results: MeasurementResult[]): ResultDocument['failures'] {
  return results.flatMap((r) =>
    r.repetitions
      .filter((rep) => rep.status === 'failed' && rep.error !== undefined)
      .map((rep) => ({
        scenario: r.scenario,
        placement: r.placement,
        measurement: r.measurement,
        variant: r.variant,
        repetition: rep.index,
        error: rep.error ?? { code: 'TOOL_FAILED', message: '' },
      })),
  );
}
