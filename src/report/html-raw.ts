import type { MeasurementResult, ResultDocument } from '../results/schema.js';
import type { RawOutput } from '../model/raw-output.js';
import { esc, num, table } from './html-util.js';
import { scenarioLabel } from './html-sections.js';

/** Tool output longer than this is cut in the page; the embedded JSON keeps all of it. */
const RAW_LIMIT = 20_000;

/** Every repetition's values, raw samples and tool output, per measurement. */
export function rawSection(docs: readonly ResultDocument[]): string {
  const parts = [
    '<h2 id="raw">Raw data</h2>',
    '<p class="muted">Every repetition of every measurement: the values each figure is computed from, raw samples and the tools\' own output.</p>',
  ];
  for (const doc of docs) {
    for (const r of doc.results) parts.push(resultBlock(scenarioLabel(docs, doc, r.scenario), r));
  }
  return parts.join('\n');
}

function resultBlock(label: string, r: MeasurementResult): string {
  const metrics = [...new Set(r.repetitions.flatMap((rep) => Object.keys(rep.metrics)))].sort();
  const rows = r.repetitions.map((rep) => [
    esc(rep.index),
    rep.status === 'ok' ? 'ok' : `<span class="bad">failed</span>`,
    ...metrics.map((m) => {
      const v = rep.metrics[m];
      return v === undefined ? '-' : esc(num(v));
    }),
    esc((rep.durationMs / 1000).toFixed(1)),
    [
      ...(rep.error ? [`<span class="bad">${esc(rep.error.code)}: ${esc(rep.error.message)}</span>`] : []),
      ...rep.notes.map(esc),
    ].join('<br>'),
  ]);
  const head = ['rep', 'status', ...metrics, 'seconds', 'notes'].map(esc);
  const path = r.path
    ? ` <span class="muted">${esc(r.path.client.node)} (${esc(r.path.client.address)}) &rarr; ${esc(r.path.server.node)} (${esc(r.path.serverAddress)})${r.path.pathMtu ? `, MTU ${esc(r.path.pathMtu)}` : ''}</span>`
    : '';
  const samples = r.repetitions.flatMap((rep) =>
    Object.entries(rep.samples ?? {}).map(
      ([k, vs]) =>
        `<details><summary>rep ${esc(rep.index)} samples ${esc(k)} (${vs.length})</summary><pre>${esc(vs.join(' '))}</pre></details>`,
    ),
  );
  const series = r.repetitions.flatMap((rep) =>
    rep.series.map(
      (s) =>
        `<details><summary>rep ${esc(rep.index)} series ${esc(s.metric)} (${esc(s.unit)})</summary><pre>${esc(s.points.map(([t, v]) => `${t}\t${v}`).join('\n'))}</pre></details>`,
    ),
  );
  const raw = r.repetitions.flatMap((rep) => rep.raw.map((o) => rawBlock(rep.index, o)));
  return `<h3>${esc(label)} &middot; ${esc(r.placement)} &middot; ${esc(r.measurement)} ${esc(r.variant)} <span class="muted">(${esc(r.tool)})</span>${path}</h3>
${table(head, rows)}
${[...samples, ...series, ...raw].join('\n')}`;
}

function rawBlock(index: number, o: RawOutput): string {
  const cut = (s: string): string =>
    s.length > RAW_LIMIT
      ? `${s.slice(0, RAW_LIMIT)}\n[... ${s.length - RAW_LIMIT} more characters in the embedded JSON]`
      : s;
  const exit = o.timedOut ? 'timed out' : o.signal ? `signal ${o.signal}` : `exit ${o.exitCode ?? '?'}`;
  return `<details><summary>rep ${esc(index)} ${esc(o.role)}: <code>${esc(o.command.join(' '))}</code> (${esc(exit)}, ${esc((o.durationMs / 1000).toFixed(1))} s)</summary>
<pre>${esc(cut(o.stdout))}</pre>${o.stderr === '' ? '' : `<pre class="bad">${esc(cut(o.stderr))}</pre>`}</details>`;
}
