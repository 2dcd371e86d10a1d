import { importError } from './fail.js';

/** An iperf3 client command line found in an imported text (e.g. the `kubectl exec ... -- iperf3 -c ...` a user pasted). */
export interface Iperf3Command {
  argv: string[];
  line: number;
  streams: number;
  udp: boolean;
  reverse: boolean;
  /** `-b` in bit/s; undefined when not given. */
  bitrateBps: number | undefined;
}

const RATE = /^(\d+(?:\.\d+)?)([kKmMgGtT]?)(?:\/\d+)?$/;
const FACTOR: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 };

/** The one iperf3 client command of a text, if it records one; two or more are an error (one test per file). */
export function findIperf3Command(lines: readonly string[], file: string): Iperf3Command | undefined {
  const found: Iperf3Command[] = [];
  lines.forEach((text, i) => {
    if (/^\s*iperf3:/.test(text)) return; // "iperf3: error - ..." is output, not a command
    const tokens = text.trim().split(/\s+/);
    const at = tokens.findIndex((t) => t === 'iperf3' || t.endsWith('/iperf3'));
    if (at < 0) return;
    const args = tokens.slice(at + 1);
    if (!args.some((a) => a === '-c' || a === '--client' || /^-c\S/.test(a) || a.startsWith('--client=')))
      return;
    found.push(parseArgs(args, file, i + 1));
  });
  if (found.length > 1) {
    throw importError(
      file,
      found[1]!.line,
      `holds ${found.length} iperf3 commands (lines ${found.map((c) => c.line).join(', ')})`,
      'keep one iperf3 test per file; several files of the same test become repetitions',
    );
  }
  return found[0];
}

function parseArgs(args: string[], file: string, line: number): Iperf3Command {
  const cmd: Iperf3Command = {
    argv: ['iperf3', ...args],
    line,
    streams: 1,
    udp: false,
    reverse: false,
    bitrateBps: undefined,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (short: string, long: string): string | undefined => {
      if (a === short || a === long) return args[++i] ?? '';
      if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
      if (a.startsWith(short) && a.length > short.length && !a.startsWith('--')) return a.slice(short.length);
      return undefined;
    };
    if (a === '-u' || a === '--udp') cmd.udp = true;
    else if (a === '-R' || a === '--reverse') cmd.reverse = true;
    const p = value('-P', '--parallel');
    if (p !== undefined) cmd.streams = streamsOf(p, file, line);
    const b = value('-b', '--bitrate') ?? value('-b', '--bandwidth');
    if (b !== undefined) cmd.bitrateBps = bitrateOf(b, file, line);
  }
  return cmd;
}

function streamsOf(text: string, file: string, line: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw importError(
      file,
      line,
      `iperf3 -P "${text}" is not a stream count`,
      'correct the command line or remove it from the file',
    );
  }
  return n;
}

function bitrateOf(text: string, file: string, line: number): number {
  const m = RATE.exec(text);
  if (!m) {
    throw importError(
      file,
      line,
      `iperf3 -b "${text}" is not a bit rate`,
      'correct the command line or remove it from the file',
    );
  }
  return Number(m[1]) * FACTOR[m[2]!.toLowerCase()]!;
}
