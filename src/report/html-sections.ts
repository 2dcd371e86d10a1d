import type { ResultDocument } from '../results/schema.js';
import { BOOTSTRAP_MIN_N, BOOTSTRAP_RESAMPLES } from '../stats/bootstrap.js';
import { DEFAULT_THRESHOLDS } from '../analysis/bottleneck.js';
import { DEFAULT_ADAPTIVE_POLICY } from '../stats/adaptive.js';
import { esc, kvTable, table } from './html-util.js';

/** Names a scenario unambiguously when several result documents are shown together. */
export function scenarioLabel(
  docs: readonly ResultDocument[],
  doc: ResultDocument,
  scenario: string,
): string {
  return docs.length > 1 ? `${scenario} (${doc.run.id})` : scenario;
}

/** Runs, their parameters and host, and every scenario's configuration and environment. */
export function environmentSection(docs: readonly ResultDocument[]): string {
  const parts = ['<h2 id="environment">Environment</h2>'];
  for (const doc of docs) {
    const r = doc.run;
    parts.push(`<h3>Run ${esc(r.id)}</h3>`);
    parts.push(
      kvTable([
        ['tool', `${doc.tool.name} ${doc.tool.version}`],
        ['target', r.target],
        ['suite', r.suite],
        ['status', r.status],
        ['started', r.startedAt],
        ['finished', r.finishedAt ?? '-'],
        ['command', r.command.join(' ')],
        ...Object.entries(r.parameters).map(([k, v]): [string, unknown] => [`parameter ${k}`, v]),
        ...Object.entries(r.host).map(([k, v]): [string, unknown] => [`host ${k}`, v]),
      ]),
    );
    for (const s of doc.scenarios) {
      const status =
        s.status === 'ok'
          ? ''
          : ` <span class="bad">${esc(s.status)}${s.error ? `: ${esc(s.error.message)}` : ''}</span>`;
      parts.push(`<h3>Scenario ${esc(scenarioLabel(docs, doc, s.name))}${status}</h3>`);
      parts.push(
        kvTable(new Map<string, unknown>([...Object.entries(s.config), ...Object.entries(s.environment)])),
      );
      for (const u of s.unsupportedPlacements)
        parts.push(`<p class="muted">${esc(u.placement)} not measured: ${esc(u.reason)}</p>`);
    }
  }
  return parts.join('\n');
}

/** Failures recorded by the runs, with their reasons. */
export function failuresSection(docs: readonly ResultDocument[]): string {
  const rows = docs.flatMap((doc) =>
    doc.failures.map((f) => [
      esc(scenarioLabel(docs, doc, f.scenario)),
      esc(
        [
          f.placement,
          f.measurement,
          f.variant,
          f.repetition === undefined ? undefined : `rep ${f.repetition}`,
        ]
          .filter(Boolean)
          .join(' '),
      ),
      esc(f.error.code),
      esc(f.error.message) + (f.error.hint ? `<br><span class="muted">${esc(f.error.hint)}</span>` : ''),
    ]),
  );
  if (rows.length === 0) return '';
  return `<h2 id="failures">Failures</h2>\n${table(['scenario', 'where', 'code', 'message'].map(esc), rows)}`;
}

/** How the figures were obtained and what the statistics mean. */
export function methodSection(docs: readonly ResultDocument[]): string {
  const params = docs.map((d) => `${esc(d.run.id)}: ${esc(JSON.stringify(d.run.parameters))}`).join('<br>');
  const t = DEFAULT_THRESHOLDS;
  const auto = docs.some((d) => d.run.parameters['repeat'] === 'auto');
  return `<h2 id="method">Method</h2>
<ul>
<li>Each measurement was repeated; every figure is the <b>median</b> of its successful repetitions, shown with its range and a confidence interval of the median. Failed repetitions are listed, never counted as zero.</li>
${auto ? `<li>Repetitions: <code>--repeat auto</code>: each measurement was repeated until the 95% confidence interval of its median lay within &plusmn;${DEFAULT_ADAPTIVE_POLICY.targetPct}% of the median, at most ${DEFAULT_ADAPTIVE_POLICY.maxRepetitions} times; <i>n</i> says how many each took, and the last repetition's notes say why it stopped.</li>` : ''}
<li>Confidence intervals: with ${BOOTSTRAP_MIN_N} or more repetitions, a percentile bootstrap of the median (${BOOTSTRAP_RESAMPLES} resamples, seeded, so the report is reproducible); below that, the distribution-free interval from order statistics, at the confidence level it really reaches (3 repetitions: 75%; 6: 97%).</li>
<li>Latency percentiles are computed from the raw samples of all repetitions merged, never averaged across repetitions.</li>
<li>Outliers: repetition values beyond 1.5 interquartile ranges outside the quartiles (Tukey's fences), flagged but kept.</li>
<li>Throughput leaves out the warm-up seconds (TCP slow start). Time is measured from the first byte, after the pod network passes traffic.</li>
<li>Bottleneck notes: <i>link-bound</i> at ${t.linkFraction * 100}% or more of the host-network baseline of the same scenario or of the shaped link rate; <i>cpu-bound</i> when iperf3 reports more than ${t.cpuPct}% CPU on either end; <i>loss-bound</i> at ${t.lossPct}% UDP loss or more, which reflects buffers and rate limits at the offered rate rather than the CNI.</li>
<li>Comparisons (<code>cnibench compare</code>) call a difference significant when the bootstrap 95% interval of the ratio of medians excludes 1.</li>
</ul>
<p>Run parameters:<br>${params}</p>`;
}
