import { CnibenchError } from '../model/errors.js';
import type { MeasurementResult, Repetition } from '../results/schema.js';
import { percentileOf } from '../stats/percentiles.js';
import { quantile } from '../stats/quantile.js';
import { orderedSummaries } from '../results/order.js';
import { controlFalseDiscoveries, familySize, testMetric } from './metric.js';
import type { Comparison, LoadedResult, Regression, Subject, SubjectComparison } from './types.js';
import { ALPHA, type Unjudged } from './verdict.js';

/** Every scenario of every result; labels are scenario names for one file, `file/scenario` for several. */
export function subjectsOf(results: readonly LoadedResult[]): Subject[] {
  const many = results.length > 1;
  return results.flatMap((r) =>
    scenarioNames(r).map((scenario) => ({
      label: many ? `${r.label}/${scenario}` : scenario,
      file: r.label,
      scenario,
      doc: r.doc,
    })),
  );
}

function scenarioNames(r: LoadedResult): string[] {
  const names = new Set<string>(r.doc.scenarios.map((s) => s.name));
  for (const m of r.doc.results) names.add(m.scenario);
  return [...names];
}

/**
 * Which subject is compared with which. With one file: every scenario against the baseline
 * scenario (`--baseline`, default the first). With several: every file against the baseline
 * file (`--baseline` names a file label or run id, default the first), scenario by scenario of
 * the same name, or against the baseline file's only scenario; `--baseline` may also name one
 * subject (`file/scenario` or a scenario), which everything else is then compared with.
 */
export function pairSubjects(
  results: readonly LoadedResult[],
  baseline?: string,
): { baseline: string; pairs: [Subject, Subject][] } {
  const subjects = subjectsOf(results);
  if (subjects.length < 2) {
    throw new CnibenchError('USAGE', 'nothing to compare: the results hold a single scenario', {
      hint: 'give two or more result files, or one with two or more scenarios',
    });
  }
  const baseFile =
    results.length > 1
      ? baseline === undefined
        ? results[0]
        : results.find((r) => r.label === baseline || r.file === baseline || r.doc.run.id === baseline)
      : undefined;
  if (baseFile !== undefined) {
    const base = subjects.filter((s) => s.file === baseFile.label);
    const pairs: [Subject, Subject][] = [];
    for (const cand of subjects.filter((s) => s.file !== baseFile.label)) {
      const match =
        base.find((b) => b.scenario === cand.scenario) ?? (base.length === 1 ? base[0] : undefined);
      if (match !== undefined) pairs.push([match, cand]);
    }
    if (pairs.length === 0) {
      throw new CnibenchError('USAGE', `no scenario of the other results matches one of ${baseFile.label}`, {
        hint: `name one baseline scenario as --baseline FILE/SCENARIO, e.g. ${base[0]?.label ?? baseFile.label}`,
      });
    }
    return { baseline: baseFile.label, pairs };
  }
  const base =
    baseline === undefined
      ? subjects[0]!
      : subjects.find((s) => s.label === baseline || s.scenario === baseline);
  if (base === undefined) {
    throw new CnibenchError('USAGE', `--baseline ${baseline}: no result file or scenario of that name`, {
      hint: `choose one of: ${[...results.map((r) => r.label), ...subjects.map((s) => s.label)].join(', ')}`,
    });
  }
  return { baseline: base.label, pairs: subjects.filter((s) => s !== base).map((s) => [base, s]) };
}

/**
 * Compares the results, candidate by candidate, against the baseline. Pure. The false-discovery
 * rate is controlled over every metric of every pair together: what one invocation prints.
 */
export function compareResults(results: readonly LoadedResult[], baseline?: string): Comparison {
  const plan = pairSubjects(results, baseline);
  const tested = plan.pairs.map(([b, c]) => testSubjects(b, c));
  const all = tested.flatMap((p) => p.metrics);
  const judged = controlFalseDiscoveries(all);
  let i = 0;
  return {
    baseline: plan.baseline,
    pairs: tested.map((p) => ({ ...p, metrics: p.metrics.map(() => judged[i++]!) })),
    fdr: { tests: familySize(all), alpha: ALPHA, method: 'benjamini-hochberg' },
  };
}

/** Metric by metric comparison of the measurements two subjects have in common (a family of its own). */
export function compareSubjects(base: Subject, cand: Subject): SubjectComparison {
  const tested = testSubjects(base, cand);
  return { ...tested, metrics: controlFalseDiscoveries(tested.metrics) };
}

function testSubjects(
  base: Subject,
  cand: Subject,
): Omit<SubjectComparison, 'metrics'> & { metrics: Unjudged[] } {
  const key = (m: MeasurementResult): string => `${m.placement}/${m.measurement}/${m.variant}`;
  const baseResults = new Map(
    base.doc.results.filter((m) => m.scenario === base.scenario).map((m) => [key(m), m]),
  );
  const candResults = cand.doc.results.filter((m) => m.scenario === cand.scenario);
  const out = {
    baseline: base.label,
    candidate: cand.label,
    metrics: [] as Unjudged[],
    unmatched: [] as string[],
  };
  const seen = new Set<string>();
  for (const c of candResults) {
    const b = baseResults.get(key(c));
    seen.add(key(c));
    if (b === undefined) {
      out.unmatched.push(key(c));
      continue;
    }
    for (const cs of orderedSummaries(c)) {
      const bs = b.summaries.find((s) => s.metric === cs.metric);
      if (bs === undefined) continue;
      out.metrics.push(
        testMetric({
          placement: c.placement,
          measurement: c.measurement,
          variant: c.variant,
          baseline: bs,
          candidate: cs,
          baselineValues: metricValues(b.repetitions, bs.metric),
          candidateValues: metricValues(c.repetitions, cs.metric),
        }),
      );
    }
  }
  for (const k of baseResults.keys()) if (!seen.has(k)) out.unmatched.push(k);
  return out;
}

/** Successful repetitions' values of a metric (resource figures included); percentiles fall back to raw samples. */
export function metricValues(repetitions: readonly Repetition[], metric: string): number[] {
  const pct = percentileOf(metric);
  const out: number[] = [];
  for (const r of repetitions) {
    if (r.status !== 'ok') continue;
    const own = r.metrics[metric] ?? r.resources?.metrics[metric]?.value;
    const samples = pct === undefined ? undefined : r.samples?.[pct.sampleKey];
    if (own !== undefined && Number.isFinite(own)) out.push(own);
    else if (pct !== undefined && samples !== undefined && samples.length > 0) {
      out.push(
        quantile(
          [...samples].sort((a, b) => a - b),
          pct.q,
        ),
      );
    }
  }
  return out;
}

/** Significant regressions (verdict `worse`) larger than `thresholdPct` percent, with the reason in words. */
export function regressions(comparison: Comparison, thresholdPct: number): Regression[] {
  const out: Regression[] = [];
  for (const pair of comparison.pairs) {
    for (const m of pair.metrics) {
      if (m.verdict !== 'worse' || m.relPct === null || Math.abs(m.relPct) <= thresholdPct) continue;
      const where = `${pair.candidate} vs ${pair.baseline}: ${m.placement} ${m.measurement} ${m.variant} ${m.metric}`;
      const change = `${fmt(m.baseline.median)} -> ${fmt(m.candidate.median)} ${m.unit} (${signed(m.relPct)}%)`;
      out.push({
        baseline: pair.baseline,
        candidate: pair.candidate,
        comparison: m,
        thresholdPct,
        message: `${where}: ${change}, ${m.reason}; beyond the ${thresholdPct}% allowed`,
      });
    }
  }
  return out;
}

export function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x) || (Number.isInteger(x) && Math.abs(x) >= 100)) return String(x);
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 100 ? x.toFixed(1) : x.toPrecision(3);
}

export function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
}
