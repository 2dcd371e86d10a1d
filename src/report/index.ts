import { CnibenchError } from '../model/errors.js';
import type { ResultDocument } from '../results/schema.js';
import { renderCsv } from './csv.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderJsonl } from './jsonl.js';
import { renderOpenMetrics } from './openmetrics.js';
import { withRunLabels } from './run-labels.js';
import { meshText } from './mesh-text.js';

export interface RenderOptions {
  color: boolean;
  /** Where the verdict table goes in the terminal format: first (reports) or last (the end of `run`). */
  verdicts?: 'top' | 'bottom';
}

/** Renderers by format name; `cnibench report -o NAME` and `run -o NAME` use these. */
export const RENDERERS: Record<
  string,
  (docs: readonly ResultDocument[], opts: RenderOptions) => string | Promise<string>
> = {
  terminal: (docs, opts) => renderTerminal(docs, opts) + meshText(docs, false),
  md: (docs) => renderMarkdown(withRunLabels(docs)) + meshText(docs, true),
  csv: (docs) => renderCsv(docs),
  html: (docs) => renderHtml(docs),
  junit: (docs) => renderJunit(docs),
  jsonl: (docs) => renderJsonl(docs),
  openmetrics: (docs) => renderOpenMetrics(docs),
  json: (docs) => `${JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 1)}\n`,
};

export function rendererFor(
  format: string,
): (docs: readonly ResultDocument[], opts: RenderOptions) => string | Promise<string> {
  const r = RENDERERS[format];
  if (!r)
    throw new CnibenchError('USAGE', `unknown format "${format}"`, {
      hint: `choose one of: ${Object.keys(RENDERERS).join(', ')}`,
    });
  return r;
}
