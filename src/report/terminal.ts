import { metricInfo } from '../measure/registry.js';
import type { ResultDocument } from '../results/schema.js';
import type { Summary } from '../model/summary.js';
import { fmtNum, formatTable } from '../util/table.js';
import { primaryMetrics } from './rows.js';
import { bottleneckNotes, groupNotes, type BottleneckNote } from '../analysis/bottleneck.js';
import { verdictTable } from '../compare/verdict-table.js';
import { skipLines } from './skips.js';
import { verdictTerminal } from './verdicts.js';
import { terminalText } from '../util/escape.js';

export interface TerminalOptions {
  color: boolean;
  /** Where the verdict table goes: first (reports, the default) or last (the end of `run`). */
  verdicts?: 'top' | 'bottom';
}

function figure(s: Summary | undefined): string {
  if (!s) return '-';
  const range = s.n > 1 ? ` [${fmtNum(s.min)}-${fmtNum(s.max)}]` : '';
  return `${fmtNum(s.median)}${range}`;
}

/** Names come from result files, which are untrusted: no terminal escape sequences get through. */
export function stripControl(s: string): string {
  return terminalText(s);
}

/**
 * The run's report: with two or more scenarios, the verdict table (conclusion first); then one
 * table per measurement kind, one row per scenario, placement and variant, the primary metrics
 * as "median [min-max]"; qualifiers that hold for every figure as one banner; skips and failures.
 */
export function renderTerminal(docs: readonly ResultDocument[], opts: TerminalOptions): string {
  const out: string[] = [];
  const paint = (code: number, s: string): string => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const table = verdictTable(docs);
  const verdicts =
    table === undefined
      ? undefined
      : verdictTerminal(table, stripControl, (v, s) =>
          v === 'better'
            ? paint(32, s)
            : v === 'worse'
              ? paint(31, s)
              : v === 'inconclusive'
                ? paint(2, s)
                : s,
        );
  if (verdicts !== undefined && opts.verdicts !== 'bottom') out.push(verdicts);
  const { banners, notes } = groupNotes(
    docs,
    docs.flatMap((d) => bottleneckNotes(d)),
  );
  out.push(...figureTables(docs, notes));
  for (const b of banners) out.push(paint(33, `note: ${b.message}`));
  // MTU mistakes spelled out (analysis/beyond-notes.ts)
  for (const n of notes.filter((x) => x.kind === 'mtu-bound'))
    out.push(paint(33, `mtu: ${n.scenario} ${n.placement} ${n.measurement} ${n.variant}: ${n.message}`));
  if (notes.length > 0) {
    out.push(
      'bound: link = within 10% of the same link\u2019s host baseline or the shaped rate (paths that cross the link only); cpu = an iperf3 end above 90% CPU; sender = UDP sent less than 90% of the offered rate; loss = UDP loss of 1% or more. Such figures show a ceiling, not the CNI.',
    );
  }
  const skips = skipLines(docs).map(stripControl);
  if (skips.length > 0) out.push(['skipped (not failures):', ...skips.map((s) => `  ${s}`)].join('\n'));
  const failures = failureLines(docs);
  if (failures.length > 0)
    out.push(paint(31, failures[0]!) + (failures.length > 1 ? `\n${failures.slice(1).join('\n')}` : ''));
  if (verdicts !== undefined && opts.verdicts === 'bottom') out.push(verdicts);
  return `${out.join('\n\n')}\n`;
}

function figureTables(docs: readonly ResultDocument[], notes: readonly BottleneckNote[]): string[] {
  const flags = (r: { scenario: string; placement: string; measurement: string; variant: string }): string =>
    [
      ...new Set(
        notes
          .filter(
            (n) =>
              n.scenario === r.scenario &&
              n.placement === r.placement &&
              n.measurement === r.measurement &&
              n.variant === r.variant,
          )
          .map((n) => n.kind.replace('-bound', '')),
      ),
    ].join(',');
  const kinds = [...new Set(docs.flatMap((d) => d.results.map((r) => r.measurement)))];
  return kinds.map((kind) => {
    const metrics = primaryMetrics(kind) ?? [];
    // Several runs: a run column, so that rows of same-named scenarios stay apart.
    const runs = docs.length > 1;
    const header = [
      ...(runs ? ['run'] : []),
      'scenario',
      'placement',
      kind,
      'n',
      ...metrics.map((m) => `${metricInfo(m).label} (${metricInfo(m).unit})`),
      'bound',
    ];
    const rows: string[][] = [];
    for (const doc of docs) {
      for (const r of doc.results.filter((x) => x.measurement === kind)) {
        const ok = r.repetitions.filter((x) => x.status === 'ok').length;
        rows.push([
          ...(runs ? [doc.run.id] : []),
          r.scenario,
          r.placement,
          r.variant,
          `${ok}/${r.repetitions.length}`,
          ...metrics.map((m) => figure(r.summaries.find((s) => s.metric === m))),
          flags(r),
        ]);
      }
    }
    const shift = runs ? 1 : 0;
    const right = new Set(metrics.map((_, i) => i + 4 + shift));
    right.add(3 + shift);
    return formatTable(
      header,
      rows.map((r) => r.map(stripControl)),
      right,
    );
  });
}

function failureLines(docs: readonly ResultDocument[]): string[] {
  const failures = docs.flatMap((d) => d.failures);
  if (failures.length === 0) return [];
  const out = [`${failures.length} failure(s):`];
  for (const f of failures.slice(0, 20)) {
    const where = [
      f.scenario,
      f.placement,
      f.measurement,
      f.variant,
      f.repetition === undefined ? undefined : `rep ${f.repetition}`,
    ]
      .filter(Boolean)
      .join(' / ');
    out.push(stripControl(`  ${where}: [${f.error.code}] ${f.error.message.split('\n')[0]}`));
  }
  if (failures.length > 20) out.push(`  ... and ${failures.length - 20} more (see the result file)`);
  return out;
}
