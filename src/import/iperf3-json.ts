import { z } from 'zod';
import { parseIperf3 } from '../tools/iperf3.js';
import { importError, lineOf } from './fail.js';
import { parseJsonFile } from './json.js';
import type { Converter, ImportHints, ImportedTest } from './types.js';
import { tcpVariant, udpVariant } from './variants.js';

const Start = z
  .object({
    version: z.string().optional(),
    system_info: z.string().optional(),
    timestamp: z.object({ timesecs: z.number() }).optional(),
    test_start: z
      .object({
        protocol: z.string(),
        num_streams: z.number().int().min(1),
        reverse: z.number().optional(),
        duration: z.number().optional(),
        target_bitrate: z.number().optional(),
      })
      .optional(),
  })
  .passthrough();

const Doc = z
  .object({ start: Start, end: z.record(z.string(), z.unknown()), error: z.string().optional() })
  .passthrough();

/**
 * One iperf3 `-J` file as one test, its figures read by the parser `cnibench run` uses; the
 * variant (streams, reverse, offered UDP rate) from `start.test_start`.
 */
export const convertIperf3Json: Converter = (text, file, hints) => {
  const data = parseJsonFile(
    text,
    file,
    'give the output of one `iperf3 -J` run per file, or --from iperf3-text for plain output',
  );
  const doc = Doc.safeParse(data);
  if (!doc.success) {
    const where = doc.error.issues[0]?.path.join('.') ?? '';
    throw importError(
      file,
      undefined,
      `is not iperf3 -J output (${where || 'top level'}: ${doc.error.issues[0]?.message ?? ''})`,
      'give the output of one `iperf3 -J` run per file',
    );
  }
  const start = doc.data.start;
  const ts = start.test_start;
  const measurement = protocolOf(ts?.protocol, hints, file);
  const test: ImportedTest = {
    placement: hints.placement,
    measurement,
    variant: undefined,
    parameters: {},
    tool: 'iperf3',
    status: 'ok',
    metrics: {},
    series: [],
    notes: [],
    raw: text,
    command: [],
    lines: [1, lineOf(text, text.trimEnd().length)],
    ...(start.timestamp === undefined
      ? {}
      : { startedAt: new Date(start.timestamp.timesecs * 1000).toISOString() }),
    ...(ts?.duration === undefined ? {} : { durationMs: ts.duration * 1000 }),
  };
  if (ts !== undefined && measurement !== undefined) {
    const reverse = ts.reverse === 1;
    const bitrate = measurement === 'udp' ? (ts.target_bitrate ?? 0) : undefined;
    test.variant =
      measurement === 'tcp'
        ? tcpVariant(ts.num_streams, reverse)
        : udpVariant(bitrate, ts.num_streams, reverse);
    test.parameters = {
      streams: ts.num_streams,
      ...(reverse ? { reverse } : {}),
      ...(bitrate === undefined ? {} : { bitrate_bps: bitrate }),
    };
  }
  const environment = {
    ...(start.version === undefined ? {} : { iperf3: start.version }),
    ...(start.system_info === undefined ? {} : { system: start.system_info }),
  };
  const parsed = parseIperf3(text);
  if (!parsed.ok) {
    if (parsed.code !== 'TOOL_FAILED')
      throw importError(
        file,
        undefined,
        parsed.message,
        'give the output of one complete `iperf3 -J` run per file',
      );
    return {
      tests: [{ ...test, status: 'failed', error: { code: 'TOOL_FAILED', message: parsed.message } }],
      environment,
      notes: [],
    };
  }
  for (const [k, v] of Object.entries(parsed.metrics)) {
    if (!Number.isFinite(v))
      throw importError(file, undefined, `${k} is not a finite number`, 'the file is damaged or was edited');
  }
  return {
    tests: [{ ...test, metrics: parsed.metrics, series: parsed.series, notes: parsed.notes }],
    environment,
    notes: [],
  };
};

function protocolOf(
  protocol: string | undefined,
  hints: ImportHints,
  file: string,
): 'tcp' | 'udp' | undefined {
  if (protocol === undefined) return hints.measurement;
  const said = protocol === 'TCP' ? 'tcp' : protocol === 'UDP' ? 'udp' : undefined;
  if (said === undefined)
    throw importError(
      file,
      undefined,
      `iperf3 protocol ${protocol} has no cnibench measurement`,
      'import TCP or UDP tests',
    );
  if (hints.measurement !== undefined && hints.measurement !== said) {
    throw importError(
      file,
      undefined,
      `is a ${said} test, not --measurement ${hints.measurement}`,
      'remove --measurement or import this file separately',
    );
  }
  return said;
}
