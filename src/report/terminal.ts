import { metricInfo } from '../measure/registry.js';
import type { ResultDocument } from '../results/schema.js';
import type { Summary } from '../model/summary.js';
import { fmtNum, formatTable } from '../util/table.js';
import { primaryMetrics } from './rows.js';
import { terminalText } from '../util/escape.js';
import { bottleneckNotes } from '../analysis/bottleneck.js';

export interface TerminalOptions {
  color: boolean;
}

function figure(s: Summary | undefined): string {
  if (!s) return '-';
  const range = s.n > 1 ? ` [${fmtNum(s.min)}-${fmtNum(s.max)}]` : '';
  return `${fmtNum(s.median)}${range}`;
}

/**
 * The run's table: one row per scenario, placement, measurement and variant; the primary
 * metrics as "median [min-max]" with their units in the header.
 */
export function renderTerminal(docs: readonly ResultDocument[], opts: TerminalOptions): string {
  const out: string[] = [];
  const notes = docs.flatMap((d) => bottleneckNotes(d));
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
  for (const kind of kinds) {
    const metrics = primaryMetrics(kind) ?? [];
    const header = [
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
        const n = `${ok}/${r.repetitions.length}`;
        rows.push([
          r.scenario,
          r.placement,
          r.variant,
          n,
          ...metrics.map((m) => figure(r.summaries.find((s) => s.metric === m))),
          flags(r),
        ]);
      }
    }
    const right = new Set(metrics.map((_, i) => i + 4));
    right.add(3);
    // Names come from result files: no control sequence reaches the terminal.
    out.push(
      formatTable(
        header.map(terminalText),
        rows.map((r) => r.map(terminalText)),
        right,
      ),
    );
  }
  if (notes.length > 0) {
    out.push(
      'bound: link = within 10% of the host baseline or the shaped link rate; cpu = an iperf3 end above 90% CPU; loss = UDP loss of 1% or more. Such figures show a ceiling, not the CNI.',
    );
  }
  const failures = docs.flatMap((d) => d.failures);
  if (failures.length > 0) {
    const red = (s: string): string => (opts.color ? `\u001b[31m${s}\u001b[0m` : s);
    out.push(red(`${failures.length} failure(s):`));
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
      out.push(terminalText(`  ${where}: [${f.error.code}] ${f.error.message.split('\n')[0]}`));
    }
    if (failures.length > 20) out.push(`  ... and ${failures.length - 20} more (see the result file)`);
  }
  return `${out.join('\n\n')}\n`;
}
