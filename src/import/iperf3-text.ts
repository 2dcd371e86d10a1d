import type { Series } from '../model/series.js';
import { importError } from './fail.js';
import { findIperf3Command, type Iperf3Command } from './iperf3-command.js';
import { readTextFacts, type StatLine, type TextFacts, type UdpFigures } from './iperf3-text-lines.js';
import type { Converter, ImportHints, ImportedTest } from './types.js';
import { IPERF3_DEFAULT_UDP_BPS, tcpVariant, udpVariant } from './variants.js';

/**
 * iperf3's plain text output (any `-f` unit, client or server side) as one test: the receiver's
 * throughput, the sender's retransmits, UDP loss and jitter from the receiver line, the per-second
 * series. What the output does not say (where the ends ran; the stream count of a summary-only
 * excerpt; the offered UDP rate) comes from a pasted iperf3 command line, else from the hints.
 */
export const convertIperf3Text: Converter = (text, file, hints) => {
  const lines = text.split(/\r?\n/);
  const facts = readTextFacts(lines, file);
  if (facts.starts.length > 1) {
    throw importError(
      file,
      facts.starts[1],
      `holds ${facts.starts.length} iperf3 tests (lines ${facts.starts.join(', ')})`,
      'keep one iperf3 test per file; several files of the same test become repetitions',
    );
  }
  const cmd = findIperf3Command(lines, file);
  const measurement = protocolOf(facts, cmd, hints, file);
  const streams = streamsOf(facts, cmd, hints, file);
  const reverse = facts.reverse || cmd?.reverse === true;
  const bitrateBps = measurement === 'udp' ? bitrateOf(cmd, hints, file) : undefined;
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
    command: cmd?.argv ?? [],
    lines: span(lines),
    ...(facts.time === undefined ? {} : startedAt(facts.time)),
  };
  if (measurement !== undefined && streams !== undefined) {
    test.variant =
      measurement === 'tcp' ? tcpVariant(streams, reverse) : udpVariant(bitrateBps, streams, reverse);
    test.parameters = {
      streams,
      ...(reverse ? { reverse } : {}),
      ...(bitrateBps === undefined ? {} : { bitrate_bps: bitrateBps }),
    };
  }
  const environment = {
    ...(facts.version === undefined ? {} : { iperf3: facts.version }),
    ...(facts.system === undefined ? {} : { system: facts.system }),
  };
  const error = facts.errors[0];
  if (error !== undefined) {
    return {
      tests: [{ ...test, status: 'failed', error: { code: 'TOOL_FAILED', message: error.text } }],
      environment,
      notes: [],
    };
  }
  fillFigures(test, facts, streams, file);
  if (measurement === 'udp' && bitrateBps !== undefined && bitrateBps > 0)
    test.metrics.offered_gbps = bitrateBps / 1e9;
  if (measurement === 'udp' && bitrateBps === 0)
    test.notes.push('offered rate unlimited (-b 0): loss reflects socket buffers, not the datapath');
  return { tests: [test], environment, notes: [] };
};

function fillFigures(test: ImportedTest, facts: TextFacts, streams: number | undefined, file: string): void {
  const id = summaryId(facts, streams);
  const receiver = facts.stats.find((s) => s.id === id && s.role === 'receiver');
  if (receiver === undefined) {
    throw importError(
      file,
      undefined,
      `no iperf3 receiver summary line (a "[${id === 'SUM' ? 'SUM' : ` ${id}`}] ... receiver" line)`,
      'import the complete output: iperf3 prints the sender and receiver summary at the end of a test',
    );
  }
  const sender = facts.stats.find((s) => s.id === id && s.role === 'sender');
  test.metrics.throughput_gbps = receiver.bps / 1e9;
  test.durationMs = Math.round(receiver.end * 1000);
  if (sender?.retransmits !== undefined) test.metrics.retransmits = sender.retransmits;
  if (receiver.udp !== undefined) udpFigures(test, receiver.udp, receiver.line);
  if (facts.cpu !== undefined) {
    test.metrics.sender_cpu_pct = facts.cpu.senderPct;
    test.metrics.receiver_cpu_pct = facts.cpu.receiverPct;
  }
  const series = throughputSeries(facts.stats.filter((s) => s.id === id && s.role === 'interval'));
  if (series !== undefined) test.series.push(series);
  test.notes.push(`receiver summary from line ${receiver.line}`);
}

function udpFigures(test: ImportedTest, udp: UdpFigures, line: number): void {
  test.metrics.lost_datagrams = udp.lost;
  test.metrics.total_datagrams = udp.total;
  if (udp.total > 0) test.metrics.loss_pct = (100 * udp.lost) / udp.total;
  else test.notes.push('the receiver counted no datagrams: no loss figure');
  if (udp.jitterMs !== undefined) test.metrics.jitter_ms = udp.jitterMs;
  else test.notes.push(`jitter not a number on line ${line}`);
}

/** The id whose summary lines count: `[SUM]` for several streams, else the one stream's id. */
function summaryId(facts: TextFacts, streams: number | undefined): number | 'SUM' {
  const ids = new Set<number>([...facts.connected]);
  for (const s of facts.stats) if (s.id !== 'SUM') ids.add(s.id);
  if (facts.stats.some((s) => s.id === 'SUM') || (streams ?? ids.size) > 1) return 'SUM';
  return [...ids][0] ?? 'SUM';
}

function throughputSeries(intervals: StatLine[]): Series | undefined {
  if (intervals.length === 0) return undefined;
  return { metric: 'throughput_gbps', unit: 'Gbit/s', points: intervals.map((s) => [s.end, s.bps / 1e9]) };
}

function protocolOf(
  facts: TextFacts,
  cmd: Iperf3Command | undefined,
  hints: ImportHints,
  file: string,
): 'tcp' | 'udp' | undefined {
  const said: 'tcp' | 'udp' | undefined =
    facts.udpHeader || facts.stats.some((s) => s.udp !== undefined)
      ? 'udp'
      : facts.stats.some((s) => s.role === 'sender' || s.role === 'receiver')
        ? 'tcp'
        : (facts.starting?.protocol ?? (cmd === undefined ? undefined : cmd.udp ? 'udp' : 'tcp'));
  if (said !== undefined && hints.measurement !== undefined && hints.measurement !== said) {
    throw importError(
      file,
      undefined,
      `is a ${said} test, not --measurement ${hints.measurement}`,
      `remove --measurement or import this file separately`,
    );
  }
  return said ?? hints.measurement;
}

function streamsOf(
  facts: TextFacts,
  cmd: Iperf3Command | undefined,
  hints: ImportHints,
  file: string,
): number | undefined {
  const ids = new Set<number>([...facts.connected]);
  for (const s of facts.stats) if (s.id !== 'SUM') ids.add(s.id);
  const said = ids.size > 0 ? ids.size : (facts.starting?.streams ?? cmd?.streams);
  if (said !== undefined && hints.streams !== undefined && hints.streams !== said) {
    throw importError(
      file,
      undefined,
      `has ${said} stream(s), not --streams ${hints.streams}`,
      'remove --streams or import this file separately',
    );
  }
  const streams = said ?? hints.streams;
  if (streams === undefined && facts.stats.some((s) => s.id === 'SUM')) {
    throw importError(
      file,
      facts.stats.find((s) => s.id === 'SUM')?.line,
      'has [SUM] lines only, so the number of parallel streams is unknown',
      'give --streams N (the -P of the test), or keep the iperf3 command line in the file',
    );
  }
  return streams;
}

function bitrateOf(cmd: Iperf3Command | undefined, hints: ImportHints, file: string): number | undefined {
  const said = cmd === undefined ? undefined : (cmd.bitrateBps ?? IPERF3_DEFAULT_UDP_BPS);
  if (said !== undefined && hints.bitrateBps !== undefined && said !== hints.bitrateBps) {
    throw importError(
      file,
      cmd?.line,
      `was run at -b ${said} bit/s, not --bitrate ${hints.bitrateBps}`,
      'remove --bitrate or import this file separately',
    );
  }
  return said ?? hints.bitrateBps;
}

function span(lines: readonly string[]): [number, number] {
  const used = lines.map((l, i) => (l.trim() === '' ? 0 : i + 1)).filter((n) => n > 0);
  return [used[0] ?? 1, used[used.length - 1] ?? 1];
}

function startedAt(time: string): { startedAt?: string } {
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? { startedAt: new Date(ms).toISOString() } : {};
}
