import { z } from 'zod';
import { sizeField } from '../model/fields.js';
import { headline, METRIC, type MetricCatalogue } from '../model/metrics.js';
import { CnibenchError } from '../model/errors.js';
import { describeExit } from '../exec/runner.js';
import type { RawOutput } from '../model/raw-output.js';
import { round } from '../tools/common.js';
import { CURL_TRANSFER_FORMAT, parseCurlTransfer, type CurlTransfer } from '../tools/curl.js';
import {
  failedOutcome,
  removeDir,
  requireTools,
  setupStep,
  stopServer,
  trimmedRaw,
  workDir,
} from './http-server.js';
import { defineMeasurement } from './define.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';
import {
  TRANSFER_TOOLS,
  startFtpFileServer,
  startHttpFileServer,
  startScpFileServer,
  type FileServer,
} from './transfer-servers.js';

const PROTOCOLS = ['http', 'ftp', 'scp'] as const;
type Protocol = (typeof PROTOCOLS)[number];

export const TransferSpec = z.strictObject({
  kind: z.literal('transfer'),
  protocols: z.array(z.enum(PROTOCOLS)).min(1).default(['http', 'ftp', 'scp']),
  /** Size of the generated file. */
  size: sizeField.default('256M'),
});

const METRICS = {
  throughput_gbps: headline(METRIC.throughput_gbps),
  connect_ms: METRIC.connect_ms,
  first_byte_ms: METRIC.first_byte_ms,
} as const satisfies MetricCatalogue;
type TransferMetric = keyof typeof METRICS;

const SIZE_FACTOR: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
/** Slowest rate a transfer may have before it is cut off: 10 Mbit/s, plus a minute for set-up. */
const MIN_RATE_BPS = 10e6;

/** Bytes in a size like `256M` (binary units, as `head -c` counts). */
export function parseSize(text: string): number {
  const m = /^(\d+)([KMG]?)$/.exec(text.trim());
  if (!m)
    throw new CnibenchError('CONFIG_INVALID', `transfer.size: "${text}" is not a size`, {
      hint: 'write a size like 256M or 1G',
    });
  return Number(m[1]) * SIZE_FACTOR[m[2]!]!;
}

/**
 * Download of a generated file (random bytes) over HTTP (nginx), FTP (vsftpd) and SCP (OpenSSH
 * sshd), all fetched with curl so that every protocol is timed the same way. Throughput counts
 * from the first byte (curl's time_starttransfer) to the end, so connection set-up, login and
 * key exchange are left out (SPEC 6.2); connect time and time to first byte are reported apart.
 */
export const transferMeasurement = defineMeasurement({
  kind: 'transfer',
  tool: 'curl',
  summary: 'download throughput of a file over HTTP, FTP and SCP, timed from the first byte',
  spec: TransferSpec,
  metrics: METRICS,
  variants: (spec) =>
    spec.protocols.map((protocol) => ({
      name: `protocol=${protocol},size=${spec.size}`,
      params: { protocol, size: spec.size, bytes: parseSize(spec.size) },
    })),
  estimateSeconds: (p) => 5 + p.bytes / 50e6,
  run: (ctx, p) => runTransfer(ctx, p),
  tools: (p) => [...new Set([...TRANSFER_TOOLS[p.protocol].server, ...TRANSFER_TOOLS[p.protocol].client])],
});

async function runTransfer(
  ctx: MeasureContext,
  params: { protocol: Protocol; size: string; bytes: number },
): Promise<RepetitionOutcome<TransferMetric>> {
  const raw: RawOutput[] = [];
  const { protocol, bytes } = params;
  const dir = workDir(`transfer-${protocol}`, ctx);
  const clientDir = workDir(`transfer-client`, ctx);
  const files = `${dir}/files`;
  let server: FileServer | undefined;
  try {
    const tools = TRANSFER_TOOLS[protocol];
    await requireTools(ctx, ctx.path.server, 'server', tools.server);
    await requireTools(ctx, ctx.path.client, 'client', tools.client);
    await setupStep(ctx, ctx.path.server, ['mkdir', '-p', files], 'creating the file directory');
    await setupStep(
      ctx,
      ctx.path.server,
      [
        'sh',
        '-c',
        'head -c "$1" /dev/urandom > "$2" && chmod 0644 "$2"',
        'sh',
        String(bytes),
        `${files}/data.bin`,
      ],
      `generating a ${params.size} file`,
    );
    server =
      protocol === 'http'
        ? await startHttpFileServer(ctx, dir, files)
        : protocol === 'ftp'
          ? await startFtpFileServer(ctx, dir, files)
          : await startScpFileServer(ctx, dir, clientDir, files);
    const maxTimeS = Math.ceil(60 + (bytes * 8) / MIN_RATE_BPS);
    const argv = [
      'curl',
      '-sS',
      '-o',
      '/dev/null',
      '--max-time',
      String(maxTimeS),
      '-w',
      CURL_TRANSFER_FORMAT,
      ...server.curlArgs,
      server.url,
    ];
    const r = await ctx.target.exec(ctx.path.client, argv, {
      timeoutMs: (maxTimeS + 30) * 1000,
      signal: ctx.signal,
    });
    raw.push(trimmedRaw('client', argv, r));
    await stopServer(server, raw);
    server = undefined;
    const p = parseCurlTransfer(r.stdout);
    if (!p.ok) throw new CnibenchError(p.code, `${p.message} (${describeExit(r)})`);
    return transferOutcome(protocol, bytes, p.value, raw);
  } catch (e) {
    await stopServer(server, raw);
    return failedOutcome(e, raw);
  } finally {
    await removeDir(ctx, ctx.path.server, dir);
    await removeDir(ctx, ctx.path.client, clientDir);
  }
}

/** Figures of one download, timed from the first byte. Exported for tests. */
export function transferOutcome(
  protocol: string,
  bytes: number,
  t: CurlTransfer,
  raw: RawOutput[],
): RepetitionOutcome<TransferMetric> {
  if (t.exitCode !== 0) {
    throw new CnibenchError(
      'TOOL_FAILED',
      `${protocol} download failed (curl exit ${t.exitCode}): ${t.error || 'no message'}`,
    );
  }
  if (t.bytes !== bytes) {
    throw new CnibenchError('TOOL_FAILED', `${protocol} download ended after ${t.bytes} of ${bytes} bytes`);
  }
  const transferS = t.totalS - t.startTransferS;
  if (!(transferS > 0)) {
    throw new CnibenchError(
      'TOOL_OUTPUT_INVALID',
      `curl reported no time between first byte and end (${t.startTransferS} s, ${t.totalS} s)`,
    );
  }
  const curlGbps = (t.curlSpeedBps * 8) / 1e9;
  return {
    status: 'ok',
    metrics: {
      throughput_gbps: round((bytes * 8) / transferS / 1e9, 4),
      connect_ms: round(t.connectS * 1000, 3),
      first_byte_ms: round(t.startTransferS * 1000, 3),
    },
    notes: [
      `${bytes} bytes in ${transferS.toFixed(4)} s from the first byte; curl's own average over the whole ` +
        `${t.totalS.toFixed(4)} s (set-up included) would say ${curlGbps.toFixed(3)} Gbit/s`,
    ],
    raw,
  };
}
