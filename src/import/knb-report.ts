import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { importError, lineOf } from './fail.js';
import { parseJsonFile } from './json.js';

/** One knb test as its report prints it: figures kept as text until they are checked. */
export interface KnbFigures {
  bandwidth: string;
  clientCpu: string;
  serverCpu: string;
  clientRam: string;
  serverRam: string;
  line: number;
}

/** What a knb report (text, json or yaml output of knb 1.x) holds. */
export interface KnbReport {
  meta: Record<string, string>;
  tests: {
    section: 'idle' | 'pod2pod' | 'pod2svc';
    protocol: 'tcp' | 'udp' | undefined;
    figures: KnbFigures;
  }[];
}

const FIX = 'import the report as knb printed it (knb -o text, json or yaml)';

/** Reads a knb report in any of its three text layouts. */
export function readKnbReport(text: string, file: string): KnbReport {
  const head = text.trimStart();
  if (head.startsWith('{'))
    return fromData(
      parseJsonFile(text, file, `${FIX}; knb writes broken JSON when a test left no bandwidth figure`),
      text,
      file,
    );
  if (/^=+\s*\n\s*Benchmark Results/.test(head)) return fromText(text, file);
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw importError(file, undefined, `is not a knb report: ${(e as Error).message}`, FIX);
  }
  return fromData(data, text, file);
}

const TEXT_KEYS: Record<string, string> = {
  Name: 'name',
  Date: 'date',
  Generator: 'generator',
  Version: 'version',
  Server: 'server-node',
  Client: 'client-node',
  'UDP Socket size': 'socket-buffer-size',
  'Discovered CPU': 'cpu',
  'Discovered Kernel': 'kernel',
  'Discovered k8s version': 'k8s-version',
  'Discovered MTU': 'mtu',
};
const SECTIONS: Record<string, 'idle' | 'pod2pod' | 'pod2svc'> = {
  Idle: 'idle',
  'Pod to pod': 'pod2pod',
  'Pod to Service': 'pod2svc',
};

function fromText(text: string, file: string): KnbReport {
  const report: KnbReport = { meta: {}, tests: [] };
  let section: 'idle' | 'pod2pod' | 'pod2svc' | undefined;
  let current:
    { protocol: 'tcp' | 'udp' | undefined; figures: Partial<KnbFigures> & { line: number } } | undefined;
  const flush = (): void => {
    if (current === undefined || section === undefined) return;
    report.tests.push({ section, protocol: current.protocol, figures: complete(current.figures, file) });
    current = undefined;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const m = /^\s*([^:=]+?)\s*([:=])\s*(.*)$/.exec(raw);
    if (m === null) return;
    const key = m[1] ?? '';
    const sep = m[2] ?? '';
    const value = m[3] ?? '';
    if (sep === ':' && TEXT_KEYS[key] !== undefined) report.meta[TEXT_KEYS[key]] = value.replace(/ UTC$/, '');
    else if (sep === ':' && value === '' && SECTIONS[key] !== undefined) {
      flush();
      section = SECTIONS[key];
      if (section === 'idle') current = { protocol: undefined, figures: { line } };
    } else if (sep === ':' && value === '' && (key === 'TCP' || key === 'UDP')) {
      flush();
      current = { protocol: key === 'TCP' ? 'tcp' : 'udp', figures: { line } };
    } else if (sep === '=' && current !== undefined) {
      const field = {
        bandwidth: 'bandwidth',
        'client cpu': 'clientCpu',
        'server cpu': 'serverCpu',
        'client ram': 'clientRam',
        'server ram': 'serverRam',
      }[key];
      if (field === undefined) throw importError(file, line, `"${key}" is not a knb figure`, FIX);
      current.figures[field as keyof Omit<KnbFigures, 'line'>] = value.replace(/\s*(Mbit\/s|MB)$/, '').trim();
    }
  });
  flush();
  if (report.meta.generator !== 'knb')
    throw importError(file, undefined, 'is not a knb report (no "Generator : knb" line)', FIX);
  return report;
}

function complete(f: Partial<KnbFigures> & { line: number }, file: string): KnbFigures {
  if (f.bandwidth === undefined) throw importError(file, f.line, 'a knb test without a bandwidth line', FIX);
  return {
    bandwidth: f.bandwidth,
    clientCpu: f.clientCpu ?? '',
    serverCpu: f.serverCpu ?? '',
    clientRam: f.clientRam ?? '',
    serverRam: f.serverRam ?? '',
    line: f.line,
  };
}

const Num = z.union([z.number(), z.string(), z.null()]);
const Pod = z.object({
  bandwidth: Num,
  client: z
    .object({ cpu: z.record(z.string(), Num), ram: Num })
    .partial()
    .optional(),
  server: z
    .object({ cpu: z.record(z.string(), Num), ram: Num })
    .partial()
    .optional(),
});
const Data = z.object({
  metadata: z.record(z.string(), z.union([z.string(), z.number()])),
  data: z.object({
    cpu: z.unknown().optional(),
    kernel: z.unknown().optional(),
    'k8s-version': z.unknown().optional(),
    mtu: z.unknown().optional(),
    idle: Pod.optional(),
    pod2pod: z.object({ tcp: Pod.optional(), udp: Pod.optional() }).optional(),
    pod2svc: z.object({ tcp: Pod.optional(), udp: Pod.optional() }).optional(),
  }),
});

function fromData(data: unknown, text: string, file: string): KnbReport {
  const r = Data.safeParse(data);
  if (!r.success || r.data.metadata.generator !== 'knb') {
    const where = r.success
      ? 'metadata.generator is not "knb"'
      : `${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? ''}`;
    throw importError(file, undefined, `is not a knb report (${where})`, FIX);
  }
  const d = r.data.data;
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.data.metadata)) meta[k] = String(v);
  for (const k of ['cpu', 'kernel', 'k8s-version', 'mtu'] as const)
    if (d[k] !== undefined) meta[k] = String(d[k]);
  const report: KnbReport = { meta, tests: [] };
  const line = (key: string): number => {
    const at = text.search(new RegExp(`["\\s]${key}"?\\s*:`));
    return at < 0 ? 1 : lineOf(text, at + 1);
  };
  const add = (
    section: 'idle' | 'pod2pod' | 'pod2svc',
    protocol: 'tcp' | 'udp' | undefined,
    p: z.infer<typeof Pod> | undefined,
  ): void => {
    if (p === undefined) return;
    const cpu = (c: Record<string, z.infer<typeof Num>> | undefined): string =>
      c === undefined
        ? ''
        : `total ${String(c.total)}% (user ${String(c.user)}%, nice ${String(c.nice)}%, system ${String(c.system)}%, iowait ${String(c.iowait)}%, steal ${String(c.steal)}%)`;
    report.tests.push({
      section,
      protocol,
      figures: {
        bandwidth: p.bandwidth === null ? '' : String(p.bandwidth),
        clientCpu: cpu(p.client?.cpu),
        serverCpu: cpu(p.server?.cpu),
        clientRam: p.client?.ram == null ? '' : String(p.client.ram),
        serverRam: p.server?.ram == null ? '' : String(p.server.ram),
        line: line(section),
      },
    });
  };
  add('idle', undefined, d.idle);
  add('pod2pod', 'tcp', d.pod2pod?.tcp);
  add('pod2pod', 'udp', d.pod2pod?.udp);
  add('pod2svc', 'tcp', d.pod2svc?.tcp);
  add('pod2svc', 'udp', d.pod2svc?.udp);
  return report;
}
