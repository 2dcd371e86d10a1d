/** HTML-escapes text for element content and quoted attribute values. Every untrusted string goes through this. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** JSON safe to embed in a `<script type="application/json">` element: no `<`, `>`, `&` or line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A number shown with 3 significant digits (more for large values). */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (Number.isInteger(x) && a >= 100) return String(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  return x.toPrecision(3);
}

/** An HTML table; `head` and `rows` are already-escaped HTML. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], cls = ''): string {
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls === '' ? '' : ` class="${cls}"`}><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

/** Key/value pairs as a two-column table, everything escaped. */
export function kvTable(entries: Iterable<[string, unknown]>): string {
  const rows = [...entries].map(([k, v]) => [
    esc(k),
    esc(typeof v === 'object' && v !== null ? JSON.stringify(v) : v),
  ]);
  return rows.length === 0 ? '<p class="muted">none recorded</p>' : table(['', ''], rows, 'kv');
}

export const STYLE = `
body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222;line-height:1.4}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}h3{font-size:15px}
table{border-collapse:collapse;font-size:12px;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n,th.n{text-align:right}table.kv thead{display:none}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #eee;padding:6px;margin:0}
.note{color:#8a4b00}.bad{color:#b00020}.muted{color:#777}
.verdict.better{color:#0a7a2f;font-weight:bold}.verdict.worse{color:#b00020;font-weight:bold}.verdict.inconclusive{color:#777}table.verdicts td:nth-child(n+4):nth-child(-n+7){text-align:right;white-space:nowrap}
pre{background:#f7f7f7;padding:6px;overflow:auto;max-height:320px;font-size:11px;white-space:pre-wrap;word-break:break-all}
details{margin:4px 0}summary{cursor:pointer}
`;
