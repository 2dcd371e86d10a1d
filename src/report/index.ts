import { CnibenchError } from '../model/errors.js';
import type { ResultDocument } from '../results/schema.js';
import { renderCsv } from './csv.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { meshText } from './mesh-text.js';

export interface RenderOptions {
  color: boolean;
}

/** Renderers by format name; `cnibench report --format NAME` and `run --format NAME` use these. */
export const RENDERERS: Record<
  string,
  (docs: readonly ResultDocument[], opts: RenderOptions) => string | Promise<string>
> = {
  terminal: (docs, opts) => renderTerminal(docs, opts) + meshText(docs, false),
  md: (docs) => renderMarkdown(docs) + meshText(docs, true),
  csv: (docs) => renderCsv(docs),
  html: (docs) => renderHtml(docs),
  junit: (docs) => renderJunit(docs),
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
