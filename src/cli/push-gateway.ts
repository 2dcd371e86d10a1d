import { CnibenchError } from '../model/errors.js';
import { renderOpenMetrics } from '../report/openmetrics.js';
import type { ResultDocument } from '../results/schema.js';

/**
 * `--push-gateway URL`: the figures as Prometheus gauges (`report -o openmetrics`), PUT to a
 * Pushgateway, one group per target and scenario (grouping key job, target, scenario), so a
 * new run of a scenario replaces that scenario's figures and leaves the others. A URL with a
 * path `/metrics/job/NAME[/LABEL/VALUE...]` sets the job and extra grouping labels itself.
 */

export interface PushOutcome {
  /** The Pushgateway's job URL, without credentials. */
  base: string;
  /** Grouping paths pushed, e.g. /metrics/job/cnibench/target/lab/scenario/vxlan. */
  groups: string[];
  series: number;
}

interface Endpoint {
  /** Origin and the job's path, without credentials. */
  base: string;
  /** The URL for messages (no credentials). */
  shown: string;
  authorization?: string;
}

function endpoint(url: string): Endpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CnibenchError('USAGE', `--push-gateway "${url}" is not a URL`, {
      hint: 'write the Pushgateway address, e.g. --push-gateway http://pushgateway:9091',
    });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CnibenchError('USAGE', `--push-gateway "${url}": only http and https are supported`, {
      hint: 'e.g. --push-gateway http://pushgateway:9091',
    });
  }
  const authorization =
    u.username === ''
      ? undefined
      : `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  const path = u.pathname.replace(/\/+$/, '');
  const job = /\/metrics\/job(@base64)?\/[^/]+/.test(path) ? path : `${path}/metrics/job/cnibench`;
  const base = `${u.origin}${job}`;
  return { base, shown: base, ...(authorization === undefined ? {} : { authorization }) };
}

/** One grouping-key segment; values with other characters than URL-safe ones are base64url-encoded. */
export function groupSegment(label: string, value: string): string {
  return /^[A-Za-z0-9._~-]+$/.test(value)
    ? `/${label}/${value}`
    : `/${label}@base64/${Buffer.from(value).toString('base64url') || '='}`;
}

/** The documents cut down to one target and scenario. */
function groupDocs(docs: readonly ResultDocument[], target: string, scenario: string): ResultDocument[] {
  return docs
    .filter((d) => d.run.target === target)
    .map((d) => ({
      ...d,
      scenarios: d.scenarios.filter((s) => s.name === scenario),
      results: d.results.filter((r) => r.scenario === scenario),
      failures: d.failures.filter((f) => f.scenario === scenario),
      skipped: d.skipped.filter((s) => s.scenario === scenario),
    }))
    .filter((d) => d.results.length > 0 || d.failures.length > 0 || d.scenarios.length > 0);
}

function groupsOf(docs: readonly ResultDocument[]): { target: string; scenario: string }[] {
  const keys = new Set<string>();
  for (const d of docs) {
    for (const s of [...d.scenarios.map((x) => x.name), ...d.results.map((r) => r.scenario)])
      keys.add(JSON.stringify([d.run.target, s]));
  }
  return [...keys].map((k) => {
    const [target, scenario] = JSON.parse(k) as [string, string];
    return { target, scenario };
  });
}

async function put(ep: Endpoint, path: string, body: string, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${ep.base}${path}`, {
      method: 'PUT',
      headers: {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        ...(ep.authorization === undefined ? {} : { Authorization: ep.authorization }),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
    throw new CnibenchError('PUSH_FAILED', `cannot reach the Pushgateway at ${ep.shown}: ${cause}`, {
      hint: 'check the address and that the Pushgateway runs; the result file is saved, push it later with `cnibench report FILE --push-gateway URL`',
    });
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).trim().split('\n')[0] ?? '';
    throw new CnibenchError(
      'PUSH_FAILED',
      `the Pushgateway at ${ep.shown}${path} answered ${res.status} ${res.statusText}${text === '' ? '' : `: ${text}`}`,
      { hint: 'check the URL (its path must be empty or /metrics/job/NAME[/LABEL/VALUE...])' },
    );
  }
}

/** Pushes every scenario's figures to the Pushgateway at `url`. */
export async function pushResults(
  docs: readonly ResultDocument[],
  url: string,
  timeoutMs = 30_000,
): Promise<PushOutcome> {
  const ep = endpoint(url);
  const outcome: PushOutcome = { base: ep.base, groups: [], series: 0 };
  for (const g of groupsOf(docs)) {
    const body = renderOpenMetrics(groupDocs(docs, g.target, g.scenario));
    const path = `${groupSegment('target', g.target)}${groupSegment('scenario', g.scenario)}`;
    await put(ep, path, body, timeoutMs);
    outcome.groups.push(`${ep.base}${path}`);
    outcome.series += body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  }
  return outcome;
}

/** Checks `--push-gateway` early (before a long run), so a typo fails at once. */
export function checkPushGateway(url: string): void {
  endpoint(url);
}
