import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metText, type Figure } from './lib/figure.js';

/** One section's figures from one run, with what reproduces them. */
export interface SectionRecord {
  section: string;
  title: string;
  command: string;
  date: string;
  load: string;
  figures: Figure[];
}

/** bench/README.md in the source tree (this file runs from dist/bench/). */
export const README = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'README.md');

const begin = (s: string): string => `<!-- figures:${s} -->`;
const end = (s: string): string => `<!-- /figures:${s} -->`;

/** A section's figures as Markdown: command, date and load, then one table row per figure. */
export function sectionMarkdown(r: SectionRecord): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = r.figures.map(
    (f) =>
      `| ${cell(f.name)} | ${cell(f.value)} | ${cell(f.target || '-')} | ${metText(f)}${f.note ? ` (${cell(f.note)})` : ''} |`,
  );
  return [
    begin(r.section),
    `Command: \`${r.command}\`  `,
    `Date: ${r.date}; ${r.load}.`,
    '',
    '| Figure | Value | Target | Met |',
    '| --- | --- | --- | --- |',
    ...rows,
    end(r.section),
  ].join('\n');
}

/**
 * Writes each section's figures between its markers in bench/README.md, leaving the other
 * sections (and the prose around them) as they were: a run of one section updates only it.
 */
export function updateReadme(records: readonly SectionRecord[]): void {
  let text = existsSync(README) ? readFileSync(README, 'utf8') : '# cnibench measured by itself\n';
  for (const r of records) {
    const md = sectionMarkdown(r);
    const a = text.indexOf(begin(r.section));
    const b = text.indexOf(end(r.section));
    if (a >= 0 && b > a) text = text.slice(0, a) + md + text.slice(b + end(r.section).length);
    else text = `${text.trimEnd()}\n\n## ${r.title}\n\n${md}\n`;
  }
  writeFileSync(README, text.endsWith('\n') ? text : `${text}\n`);
}
