import { z } from 'zod';
import { sizeField } from '../model/fields.js';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { CnibenchError } from '../model/errors.js';
import { describeExit } from '../exec/runner.js';
import type { RawOutput } from '../model/raw-output.js';
import type { NewPod } from '../targets/target.js';
import { round, sorted } from '../tools/common.js';
import { quantile } from '../stats/quantile.js';
import { CURL_TRANSFER_FORMAT, parseCurlTransfer } from '../tools/curl.js';
import { parseReadyProbe, readyProbeArgv } from '../tools/ready-probe.js';
import { defineMeasurement } from './define.js';
import { failedOutcome, removeDir, setupStep, stopServer, trimmedRaw, workDir } from './http-server.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';
import { parseSize, transferOutcome } from './transfer.js';
import { startHttpFileServer, type FileServer } from './transfer-servers.js';

const TESTS = ['setup', 'churn'] as const;

export const PodnetSpec = z.strictObject({
  kind: z.literal('podnet'),
  /** setup: pods attached one after another, each timed to its first connection and a download; churn: many at once. */
  tests: z.array(z.enum(TESTS)).min(1).default(['setup', 'churn']),
  /** Pods per repetition of `setup`. */
  pods: z.number().int().min(1).max(100).default(3),
  /** Pods attached (then detached) at once per repetition of `churn`; one variant each. */
  churn: z.array(z.number().int().min(2).max(500)).min(1).default([10]),
  /** Size of the file each new pod downloads right after its set-up (setup test). */
  size: sizeField.default('16M'),
  /** Only these placements: new pods go on the client's node and connect to the path's server. */
  placements: z
    .array(z.enum(['same-node', 'cross-node']))
    .min(1)
    .default(['cross-node']),
});

const ms = (label: string, better: 'lower' | 'none' = 'lower') => ({ unit: 'ms', better, label }) as const;

const METRICS = {
  add_p50_ms: headline(ms('CNI ADD / pod ready p50')),
  ready_p50_ms: headline(ms('ready to first connection p50')),
  pods_per_s: headline({ unit: '1/s', better: 'higher', label: 'pods attached per second' }),
  throughput_gbps: METRIC.throughput_gbps,
  add_p99_ms: ms('CNI ADD / pod ready p99'),
  del_p50_ms: ms('CNI DEL / pod delete p50'),
  del_p99_ms: ms('CNI DEL / pod delete p99'),
  ready_p99_ms: ms('ready to first connection p99'),
  connect_ms: METRIC.connect_ms,
  first_byte_ms: METRIC.first_byte_ms,
  curl_gbps: { unit: 'Gbit/s', better: 'higher', label: "curl's own average (set-up included)" },
} as const satisfies MetricCatalogue;
type PodnetMetric = keyof typeof METRICS;

type Params = { [key: string]: string | number; test: (typeof TESTS)[number]; pods: number } & {
  size?: string;
  bytes?: number;
};

/**
 * How fast a new pod gets a working network (issue 13): the target attaches pods on the
 * client's node (lab: CNI ADD with the scenario's conflist; Kubernetes: pod create to Ready).
 * `setup` then, right after the target said ready, probes connections to the path's server
 * every 50 ms (ready_ms: when the pod could really connect) and downloads a file as a naive
 * benchmark would (its connect time includes any wait; its throughput, timed from the first
 * byte, does not). `churn` attaches and detaches many pods at once.
 */
export const podnetMeasurement = defineMeasurement({
  kind: 'podnet',
  tool: 'cni plugins / kube API, curl+nginx',
  summary: 'pod network set-up: CNI ADD/DEL latency, time to the first connection, churn in pods/s',
  spec: PodnetSpec,
  metrics: METRICS,
  requires: ['pod-attach'],
  placements: (spec) => spec.placements,
  variants: (spec) => [
    ...(spec.tests.includes('setup')
      ? [
          {
            name: `test=setup,pods=${spec.pods},size=${spec.size}`,
            params: {
              test: 'setup',
              pods: spec.pods,
              size: spec.size,
              bytes: parseSize(spec.size),
            } as Params,
          },
        ]
      : []),
    ...(spec.tests.includes('churn')
      ? spec.churn.map((n) => ({
          name: `test=churn,pods=${n}`,
          params: { test: 'churn', pods: n } as Params,
        }))
      : []),
  ],
  estimateSeconds: (p) => (p.test === 'setup' ? 4 + p.pods * 3 : 5 + p.pods * 0.5),
  run: (ctx, p) => (p.test === 'setup' ? runSetup(ctx, p.pods, p.bytes ?? 0) : runChurn(ctx, p.pods)),
});

type Attach = (signal: AbortSignal, probe?: readonly string[]) => Promise<NewPod>;

function attacher(ctx: MeasureContext): Attach {
  const attach = ctx.target.attachPod?.bind(ctx.target);
  if (attach === undefined) {
    throw new CnibenchError('USAGE', `scenario ${ctx.target.scenario} cannot attach pods on demand`);
  }
  return (signal, probe) => attach(ctx.path, signal, probe);
}

interface SetupFigures {
  /** The target's notes on what its times include. */
  targetNotes: Set<string>;
  add: number[];
  del: number[];
  ready: number[];
  transfers: Partial<Record<PodnetMetric, number>>[];
}

async function runSetup(
  ctx: MeasureContext,
  pods: number,
  bytes: number,
): Promise<RepetitionOutcome<PodnetMetric>> {
  const raw: RawOutput[] = [];
  const dir = workDir('podnet', ctx);
  let server: FileServer | undefined;
  const figures: SetupFigures = { targetNotes: new Set(), add: [], del: [], ready: [], transfers: [] };
  try {
    const attach = attacher(ctx);
    await setupStep(
      ctx,
      ctx.path.server,
      [
        'sh',
        '-c',
        'mkdir -p "$2" && head -c "$1" /dev/urandom > "$2/data.bin"',
        'sh',
        String(bytes),
        `${dir}/files`,
      ],
      'generating the file',
    );
    server = await startHttpFileServer(ctx, dir, `${dir}/files`);
    for (let i = 0; i < pods; i++) {
      if (ctx.signal.aborted) throw new CnibenchError('INTERRUPTED', 'interrupted');
      await onePod(ctx, attach, server.url, bytes, figures, raw);
    }
    await stopServer(server, raw);
    server = undefined;
    return setupOutcome(figures, raw);
  } catch (e) {
    await stopServer(server, raw);
    return failedOutcome(e, raw);
  } finally {
    await removeDir(ctx, ctx.path.server, dir);
  }
}

/**
 * One new pod: the connection probe (started before set-up where the target can, else right
 * after) and, side by side with it, the download started as soon as the pod was said ready.
 */
async function onePod(
  ctx: MeasureContext,
  attach: Attach,
  url: string,
  bytes: number,
  f: SetupFigures,
  raw: RawOutput[],
): Promise<void> {
  const probeArgv = readyProbeArgv(url.replace(/data\.bin$/, ''), 3000);
  const pod = await attach(ctx.signal, probeArgv);
  for (const n of pod.notes ?? []) f.targetNotes.add(n);
  try {
    const getArgv = ['curl', '-sS', '-o', '/dev/null', '--max-time', '120', '-w', CURL_TRANSFER_FORMAT, url];
    const opts = { timeoutMs: 150_000, signal: ctx.signal };
    const [probe, get] = await Promise.all([
      pod.probe ?? ctx.target.exec(pod.endpoint, probeArgv, opts),
      ctx.target.exec(pod.endpoint, getArgv, opts),
    ]);
    raw.push(
      trimmedRaw(`${pod.endpoint.id} probe`, probeArgv, probe),
      trimmedRaw(`${pod.endpoint.id} download`, getArgv, get),
    );
    const p = parseReadyProbe(probe.stdout);
    if (!p.ok) throw new CnibenchError(p.code, `${p.message} (${describeExit(probe)})`);
    const t = parseCurlTransfer(get.stdout);
    if (!t.ok) throw new CnibenchError(t.code, `${t.message} (${describeExit(get)})`);
    const figures = transferOutcome('http', bytes, t.value, []);
    if (figures.status === 'ok')
      f.transfers.push({ ...figures.metrics, curl_gbps: (t.value.curlSpeedBps * 8) / 1e9 });
    f.add.push(pod.addMs);
    f.ready.push(Math.max(0, p.value.okAtMs - pod.readyAtMs));
  } finally {
    f.del.push((await pod.remove()).delMs);
  }
}

function pct(xs: readonly number[], q: number): number {
  return round(quantile(sorted(xs), q), 3);
}

function median(values: (number | undefined)[]): number | undefined {
  const xs = values.filter((v): v is number => v !== undefined);
  return xs.length === 0 ? undefined : round(quantile(sorted(xs), 0.5), 4);
}

/** Figures of a `setup` repetition. Exported for tests. */
export function setupOutcome(f: SetupFigures, raw: RawOutput[]): RepetitionOutcome<PodnetMetric> {
  const metrics: Partial<Record<PodnetMetric, number>> = {
    add_p50_ms: pct(f.add, 0.5),
    add_p99_ms: pct(f.add, 0.99),
    del_p50_ms: pct(f.del, 0.5),
    del_p99_ms: pct(f.del, 0.99),
    ready_p50_ms: pct(f.ready, 0.5),
    ready_p99_ms: pct(f.ready, 0.99),
  };
  for (const k of ['throughput_gbps', 'connect_ms', 'first_byte_ms', 'curl_gbps'] as const) {
    const v = median(f.transfers.map((t) => t[k]));
    if (v !== undefined) metrics[k] = v;
  }
  return {
    status: 'ok',
    metrics,
    samples: { add_ms: sorted(f.add), del_ms: sorted(f.del), ready_ms: sorted(f.ready) },
    notes: [
      `${f.add.length} pods attached one after another; ready_ms: from the target saying ready to the first connection (probed every 50 ms)`,
      'the download starts right after set-up: its connect time includes any wait, its throughput is timed from the first byte',
      ...f.targetNotes,
    ],
    raw,
  };
}

async function runChurn(ctx: MeasureContext, n: number): Promise<RepetitionOutcome<PodnetMetric>> {
  const attached: NewPod[] = [];
  try {
    const attach = attacher(ctx);
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: n }, () => attach(ctx.signal)));
    const wallS = (performance.now() - started) / 1000;
    for (const r of results) if (r.status === 'fulfilled') attached.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const add = attached.map((p) => p.addMs);
    const notes = attached.flatMap((p) => p.notes ?? []);
    const delStarted = performance.now();
    const del = (await Promise.all(attached.splice(0).map((p) => p.remove()))).map((d) => d.delMs);
    const delWallS = (performance.now() - delStarted) / 1000;
    return {
      status: 'ok',
      metrics: {
        add_p50_ms: pct(add, 0.5),
        add_p99_ms: pct(add, 0.99),
        del_p50_ms: pct(del, 0.5),
        del_p99_ms: pct(del, 0.99),
        pods_per_s: round(n / Math.max(wallS, 1e-6), 2),
      },
      samples: { add_ms: sorted(add), del_ms: sorted(del) },
      notes: [
        `${n} pods attached at once in ${wallS.toFixed(2)} s, detached at once in ${delWallS.toFixed(2)} s`,
        ...new Set(notes),
      ],
      raw: [],
    };
  } catch (e) {
    await Promise.allSettled(attached.map((p) => p.remove()));
    return failedOutcome(e, []);
  }
}
