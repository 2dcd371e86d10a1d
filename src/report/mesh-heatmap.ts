import type { MeshMatrix } from '../analysis/mesh-matrix.js';
import type { NodeJudgement } from '../analysis/mesh-outliers.js';
import { quantile } from '../stats/quantile.js';
import { esc, num } from './html-util.js';

/** Colour stops from good (light) to bad (dark red), for a cell's badness 0..1. */
const STOPS: [number, [number, number, number]][] = [
  [0, [255, 255, 217]],
  [0.5, [253, 174, 97]],
  [1, [165, 15, 21]],
];

export function badnessColour(t: number): string {
  const x = Math.min(1, Math.max(0, t));
  const i = x <= STOPS[1]![0] ? 0 : 1;
  const [a, ca] = STOPS[i]!;
  const [b, cb] = STOPS[i + 1]!;
  const f = (x - a) / (b - a);
  const c = ca.map((v, k) => Math.round(v + (cb[k]! - v) * f));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The scale's ends: the smallest and largest pair figure, or the 5th and 95th percentiles when
 * there are 20 pairs or more (one extreme pair must not wash out the rest).
 */
export function scaleRange(values: readonly number[]): { lo: number; hi: number; clamped: boolean } {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { lo: 0, hi: 1, clamped: false };
  const clamped = s.length >= 20;
  const lo = clamped ? quantile(s, 0.05) : s[0]!;
  const hi = clamped ? quantile(s, 0.95) : s[s.length - 1]!;
  return { lo, hi: hi > lo ? hi : lo + (Math.abs(lo) || 1) * 1e-9, clamped };
}

/** How bad a figure is on the scale: 0 best, 1 worst (for metrics with no better side: 1 is highest). */
export function badness(v: number, lo: number, hi: number, better: MeshMatrix['better']): number {
  const t = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
  return better === 'higher' ? 1 - t : t;
}

const FONT = 'font-family="\'DejaVu Sans\',Helvetica,Arial,sans-serif"';

/**
 * A node x node heatmap as SVG: rows are client nodes, columns server nodes, each cell the
 * pair's median coloured from light (good) to dark red (bad); outlier nodes have their label in
 * red (worse) or blue (better) and their row and column framed. Cells carry their figures as
 * data attributes (`data-client`, `data-server`, `data-value`), the SVG its outliers.
 */
export function heatmapSvg(m: MeshMatrix, judged: readonly NodeJudgement[], id: string): string {
  const n = m.nodes.length;
  const cell = Math.max(3, Math.min(34, Math.floor(640 / n)));
  const labels = cell >= 8;
  const longest = labels ? Math.max(...m.nodes.map((x) => x.length)) : 0;
  const pad = labels ? Math.min(160, (longest + 2) * 6.5 + 14) : 12;
  const [left, top] = [pad + 18, pad + 34];
  const width = Math.max(left + n * cell + 20, 480);
  const height = top + n * cell + 74;
  const index = new Map(m.nodes.map((x, i) => [x, i]));
  const values = m.cells.filter((c) => c.value !== undefined).map((c) => c.value!);
  const { lo, hi, clamped } = scaleRange(values);
  const outliers = judged.filter((j) => j.outlier !== undefined);
  const out: string[] = [];
  const title = `${m.measurement} ${m.variant}: ${m.label}${m.unit ? ` (${m.unit})` : ''}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="mesh-heatmap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-metric="${esc(m.metric)}" data-measurement="${esc(m.measurement)}" data-variant="${esc(m.variant)}" data-outliers="${esc(outliers.map((o) => o.node).join(' '))}" role="img" aria-label="${esc(title)}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="4" y="16" ${FONT} font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<text x="${left}" y="${top - 6 - (labels ? pad : 0) + 4}" ${FONT} font-size="10" fill="#555">server node &#8594;</text>`,
    `<text transform="translate(12 ${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle" ${FONT} font-size="10" fill="#555">client node &#8594;</text>`,
  );
  for (let i = 0; i < n; i++) {
    const x = left + i * cell;
    const y = top + i * cell;
    out.push(`<rect class="self" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="#eeeeee"/>`);
  }
  for (const c of m.cells) {
    const [r, k] = [index.get(c.client), index.get(c.server)];
    if (r === undefined || k === undefined) continue;
    const [x, y] = [left + k * cell, top + r * cell];
    const tip = `${c.client} → ${c.server}: `;
    if (c.value === undefined) {
      out.push(
        `<rect class="cell failed" data-client="${esc(c.client)}" data-server="${esc(c.server)}" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="#222222"><title>${esc(`${tip}failed${c.error ? `: ${c.error}` : ''}`)}</title></rect>`,
      );
      continue;
    }
    const t = badness(c.value, lo, hi, m.better);
    out.push(
      `<rect class="cell" data-client="${esc(c.client)}" data-server="${esc(c.server)}" data-value="${c.value}" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${badnessColour(t)}" stroke="white" stroke-width="${cell >= 8 ? 1 : 0}"><title>${esc(`${tip}${num(c.value)} ${m.unit} (${c.ok}/${c.total} ok)`)}</title></rect>`,
    );
    if (cell >= 28)
      out.push(
        `<text x="${x + cell / 2}" y="${y + cell / 2 + 3}" text-anchor="middle" ${FONT} font-size="8.5" fill="${t > 0.6 ? 'white' : '#222'}">${esc(num(c.value))}</text>`,
      );
  }
  for (const o of outliers) {
    const i = index.get(o.node);
    if (i === undefined) continue;
    const colour = o.outlier === 'worse' ? '#b00020' : '#1f5fa8';
    const frame = (x: number, y: number, w: number, h: number): string =>
      `<rect class="outlier-frame" data-node="${esc(o.node)}" x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="${colour}" stroke-width="2.5"/>`;
    out.push(frame(left, top + i * cell, n * cell, cell), frame(left + i * cell, top, cell, n * cell));
  }
  if (labels) {
    for (const [i, node] of m.nodes.entries()) {
      const o = outliers.find((x) => x.node === node);
      const style =
        o === undefined
          ? 'fill="#222"'
          : `fill="${o.outlier === 'worse' ? '#b00020' : '#1f5fa8'}" font-weight="bold"`;
      const mark = o === undefined ? '' : ' ◆';
      const fs = Math.min(11, cell - 1);
      out.push(
        `<text x="${left - 4}" y="${top + i * cell + cell / 2 + 3.5}" text-anchor="end" ${FONT} font-size="${fs}" ${style}>${esc(node + mark)}</text>`,
        `<text transform="translate(${left + i * cell + cell / 2 + 3.5} ${top - 4}) rotate(-90)" ${FONT} font-size="${fs}" ${style}>${esc(node + mark)}</text>`,
      );
    }
  }
  out.push(legend(id, left, top + n * cell + 16, Math.max(160, Math.min(300, n * cell)), lo, hi, clamped, m));
  out.push('</svg>');
  return out.join('\n');
}

function legend(
  id: string,
  x: number,
  y: number,
  w: number,
  lo: number,
  hi: number,
  clamped: boolean,
  m: MeshMatrix,
): string {
  const gid = `mesh-grad-${id}`;
  const stops = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<stop offset="${f}" stop-color="${badnessColour(badness(lo + f * (hi - lo), lo, hi, m.better))}"/>`,
    )
    .join('');
  const note = m.better === 'none' ? '' : `light: better, dark: worse (${m.better} is better)`;
  return [
    `<defs><linearGradient id="${gid}" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>`,
    `<rect x="${x}" y="${y}" width="${w}" height="10" fill="url(#${gid})" stroke="#999" stroke-width="0.5"/>`,
    `<text x="${x}" y="${y + 22}" ${FONT} font-size="10">${esc(`${clamped ? '≤' : ''}${num(lo)}`)}</text>`,
    `<text x="${x + w}" y="${y + 22}" text-anchor="end" ${FONT} font-size="10">${esc(`${clamped ? '≥' : ''}${num(hi)} ${m.unit}`)}</text>`,
    `<text x="${x}" y="${y + 36}" ${FONT} font-size="10" fill="#555">${esc(note)}</text>`,
    `<text x="${x}" y="${y + 49}" ${FONT} font-size="10" fill="#555">${esc(`grey: same node; black: failed${clamped ? '; scale: 5th-95th percentile' : ''}`)}</text>`,
  ].join('\n');
}
