import { bottleneckNotes, type BottleneckNote } from '../analysis/bottleneck.js';
import { headlineMetrics } from '../measure/registry.js';
import type { MeasurementResult, ResultDocument } from '../results/schema.js';
import { metricValues, pairSubjects } from './compare.js';
import { controlFalseDiscoveries, testMetric } from './metric.js';
import type { LoadedResult, MetricComparison, Subject } from './types.js';
import { ALPHA } from './verdict.js';

/** One conclusion: a candidate's headline figure on one path against the baseline's. */
export interface VerdictRow {
  baseline: string;
  candidate: string;
  comparison: MetricComparison;
  /** What may make the figure measure something else than the CNI, in words. */
  caveats: string[];
}

/** The conclusion-first table reports open with when they hold two or more scenarios. */
export interface VerdictTable {
  baseline: string;
  rows: VerdictRow[];
  /** Tests in the false-discovery family (those that could reach 5%). */
  family: number;
  alpha: number;
  /** How the compared scenarios were ordered: the caveat that applies to every row. */
  schedule: string;
}

/**
 * The verdicts on each measurement's headline metric (throughput, p50 latency, ...), candidate
 * by candidate against the baseline (`baseline`, default the first scenario or file), with the
 * false-discovery rate controlled over the table's own tests. Undefined with fewer than two
 * scenarios, or when nothing is comparable.
 */
export function verdictTable(docs: readonly ResultDocument[], baseline?: string): VerdictTable | undefined {
  const loaded: LoadedResult[] = docs.map((doc, i) => ({
    label: labelOf(docs, doc, i),
    file: doc.run.id,
    doc,
  }));
  let plan: ReturnType<typeof pairSubjects>;
  try {
    plan = pairSubjects(loaded, baseline);
  } catch {
    return undefined;
  }
  const notes = new Map(docs.map((d) => [d, bottleneckNotes(d)]));
  const tests = plan.pairs.flatMap(([b, c]) => headlineTests(b, c, notes));
  if (tests.length === 0) return undefined;
  const judged = controlFalseDiscoveries(tests.map((t) => t.test));
  return {
    baseline: plan.baseline,
    rows: tests.map((t, i) => ({
      baseline: t.baseline,
      candidate: t.candidate,
      comparison: judged[i]!,
      caveats: t.caveats,
    })),
    family: judged.filter((m) => m.qValue !== null).length,
    alpha: ALPHA,
    schedule: scheduleText(plan.pairs),
  };
}

function labelOf(docs: readonly ResultDocument[], doc: ResultDocument, i: number): string {
  const id = doc.run.id;
  return docs.findIndex((d) => d.run.id === id) === i ? id : `${id}#${i + 1}`;
}

interface PendingTest {
  baseline: string;
  candidate: string;
  test: ReturnType<typeof testMetric>;
  caveats: string[];
}

function headlineTests(b: Subject, c: Subject, notes: Map<ResultDocument, BottleneckNote[]>): PendingTest[] {
  const out: PendingTest[] = [];
  const key = (m: MeasurementResult): string => `${m.placement}|${m.measurement}|${m.variant}`;
  const base = new Map(b.doc.results.filter((r) => r.scenario === b.scenario).map((r) => [key(r), r]));
  for (const cr of c.doc.results.filter((r) => r.scenario === c.scenario)) {
    const br = base.get(key(cr));
    const metric = headlineMetrics(cr.measurement)[0];
    if (br === undefined || metric === undefined) continue;
    const bs = br.summaries.find((s) => s.metric === metric);
    const cs = cr.summaries.find((s) => s.metric === metric);
    if (bs === undefined || cs === undefined) continue;
    const test = testMetric({
      placement: cr.placement,
      measurement: cr.measurement,
      variant: cr.variant,
      baseline: bs,
      candidate: cs,
      baselineValues: metricValues(br.repetitions, metric),
      candidateValues: metricValues(cr.repetitions, metric),
    });
    const caveats = [
      ...figureCaveats(notes.get(b.doc) ?? [], br, metric, b.label),
      ...figureCaveats(notes.get(c.doc) ?? [], cr, metric, c.label),
    ];
    out.push({ baseline: b.label, candidate: c.label, test, caveats: [...new Set(caveats)] });
  }
  return out;
}

/** Bottleneck notes on one side's figure, short: "vxlan: cpu-bound (iperf3 sender CPU at 97%)". */
function figureCaveats(
  notes: readonly BottleneckNote[],
  r: MeasurementResult,
  metric: string,
  label: string,
): string[] {
  return notes
    .filter(
      (n) =>
        n.scenario === r.scenario &&
        n.placement === r.placement &&
        n.measurement === r.measurement &&
        n.variant === r.variant &&
        (n.metric === metric || n.kind === 'cpu-bound' || n.kind === 'sender-bound'),
    )
    .map((n) => `${label} ${n.kind} (${n.short})`);
}

/** Whether the compared scenarios took turns (interleaved) or ran one after another. */
function scheduleText(pairs: readonly [Subject, Subject][]): string {
  const interleaved = pairs.every(([b, c]) => {
    if (b.doc !== c.doc) return false;
    const groups = b.doc.run.schedule?.groups ?? [];
    return groups.some(
      (g) => g.scenarios.includes(b.scenario) && g.scenarios.includes(c.scenario) && g.scenarios.length > 1,
    );
  });
  if (interleaved)
    return 'the compared scenarios took turns (interleaved repetitions), so drift hit them alike';
  const separate = pairs.some(([b, c]) => b.doc !== c.doc);
  return separate
    ? 'the compared figures come from separate runs: a change of the machine between them looks like a difference'
    : 'the compared scenarios ran one after another (not interleaved): drift between them looks like a difference';
}
