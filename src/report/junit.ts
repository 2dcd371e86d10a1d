import type { Failure, MeasurementResult, ResultDocument } from '../results/schema.js';
import { bottleneckNotes, type BottleneckNote } from '../analysis/bottleneck.js';
import { orderedSummaries } from './rows.js';

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot carry. */
export function xmlEscape(value: unknown): string {
  return (
    String(value)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
  );
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

interface Case {
  classname: string;
  name: string;
  seconds: number;
  failures: { type: string; message: string; detail: string }[];
  out: string;
  /** Why the case did not run (a skip, not a failure). */
  skipped?: string;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}

function measurementCase(
  scenario: string,
  r: MeasurementResult,
  failures: readonly Failure[],
  notes: readonly BottleneckNote[],
): Case {
  const seconds = r.repetitions.reduce((t, rep) => t + rep.durationMs, 0) / 1000;
  const out = [
    ...orderedSummaries(r).map(
      (s) =>
        `${s.metric} = ${fmt(s.median)} ${s.unit} (n=${s.n}, range ${fmt(s.min)}..${fmt(s.max)}, ${Math.round(s.ci_level * 100)}% CI ${fmt(s.ci_low)}..${fmt(s.ci_high)})`,
    ),
    ...notes
      .filter(
        (n) =>
          n.scenario === scenario &&
          n.placement === r.placement &&
          n.measurement === r.measurement &&
          n.variant === r.variant,
      )
      .map((n) => `${n.kind}: ${n.message}`),
  ];
  const own = failures.filter(
    (f) => f.placement === r.placement && f.measurement === r.measurement && f.variant === r.variant,
  );
  const failed = r.repetitions.filter((rep) => rep.status === 'failed');
  const list =
    own.length > 0
      ? own.map((f) => ({
          code: f.error.code,
          message: `repetition ${f.repetition ?? '?'}: ${f.error.message}`,
        }))
      : failed.map((rep) => ({
          code: rep.error?.code ?? 'FAILED',
          message: `repetition ${rep.index}: ${rep.error?.message ?? 'failed'}`,
        }));
  const ok = r.repetitions.length - failed.length;
  return {
    classname: `cnibench.${scenario}.${r.placement}`,
    name: `${r.measurement} ${r.variant}`,
    seconds,
    failures:
      list.length === 0
        ? []
        : [
            {
              type: list[0]!.code,
              message: `${list.length} of ${r.repetitions.length} repetitions failed (${ok} ok)`,
              detail: list.map((l) => `${l.code}: ${l.message}`).join('\n'),
            },
          ],
    out: out.join('\n'),
  };
}

/** Failures not tied to a measurement (a scenario or placement that could not be set up) become test cases of their own. */
function setupCase(f: Failure): Case {
  return {
    classname: `cnibench.${f.scenario}${f.placement ? `.${f.placement}` : ''}`,
    name: f.placement ? `${f.placement} path setup` : 'scenario setup',
    seconds: 0,
    failures: [{ type: f.error.code, message: f.error.message, detail: f.error.hint ?? '' }],
    out: '',
  };
}

/** Skipped placements and measurements of a scenario, each a test case with its reason. */
function skipCases(doc: ResultDocument, scenario: string): Case[] {
  const s = doc.scenarios.find((x) => x.name === scenario);
  const out: Case[] = [];
  if (s?.status === 'skipped')
    out.push({
      classname: `cnibench.${scenario}`,
      name: 'scenario',
      seconds: 0,
      failures: [],
      out: '',
      skipped: s.error?.message ?? 'not supported here',
    });
  for (const u of s?.unsupportedPlacements ?? [])
    out.push({
      classname: `cnibench.${scenario}.${u.placement}`,
      name: `${u.placement} placement`,
      seconds: 0,
      failures: [],
      out: '',
      skipped: u.reason,
    });
  for (const k of doc.skipped.filter((x) => x.scenario === scenario))
    out.push({
      classname: `cnibench.${scenario}.${k.placement ?? ''}`,
      name: `${k.measurement ?? ''} ${k.variant ?? ''}`.trim(),
      seconds: 0,
      failures: [],
      out: '',
      skipped: k.reason,
    });
  return out;
}

function caseXml(c: Case): string {
  const attrs = `classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="${c.seconds.toFixed(3)}"`;
  const body = [
    ...(c.skipped === undefined ? [] : [`      <skipped message="${xmlEscape(c.skipped)}"/>`]),
    ...c.failures.map(
      (f) =>
        `      <failure type="${xmlEscape(f.type)}" message="${xmlEscape(f.message)}">${xmlEscape(f.detail)}</failure>`,
    ),
    ...(c.out === '' ? [] : [`      <system-out>${xmlEscape(c.out)}</system-out>`]),
  ];
  return body.length === 0
    ? `    <testcase ${attrs}/>`
    : `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>`;
}

/**
 * JUnit XML for CI systems: one test suite per scenario of each run, one test case per
 * measurement variant and placement (its figures in system-out), and failed repetitions or
 * setup steps as failures.
 */
export function renderJunit(docs: readonly ResultDocument[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const doc of docs) {
    const notes = bottleneckNotes(doc);
    const names = [...new Set([...doc.scenarios.map((s) => s.name), ...doc.results.map((r) => r.scenario)])];
    for (const scenario of names) {
      const fails = doc.failures.filter((f) => f.scenario === scenario);
      const cases = [
        ...fails.filter((f) => f.measurement === undefined).map(setupCase),
        ...doc.results
          .filter((r) => r.scenario === scenario)
          .map((r) => measurementCase(scenario, r, fails, notes)),
        ...skipCases(doc, scenario),
      ];
      const failed = cases.filter((c) => c.failures.length > 0).length;
      const skipped = cases.filter((c) => c.skipped !== undefined).length;
      tests += cases.length;
      failures += failed;
      const time = cases.reduce((t, c) => t + c.seconds, 0).toFixed(3);
      const props = [
        ['run', doc.run.id],
        ['target', doc.run.target],
        ['suite', doc.run.suite],
        ...Object.entries(doc.scenarios.find((s) => s.name === scenario)?.environment ?? {}),
      ]
        .map(([k, v]) => `      <property name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>`)
        .join('\n');
      suites.push(
        `  <testsuite name="${xmlEscape(`${doc.run.id}/${scenario}`)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${time}" timestamp="${xmlEscape(doc.run.startedAt)}">\n    <properties>\n${props}\n    </properties>\n${cases.map(caseXml).join('\n')}\n  </testsuite>`,
      );
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cnibench" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
