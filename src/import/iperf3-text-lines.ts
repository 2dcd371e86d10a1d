import { finiteNumber, importError } from './fail.js';

/** bit/s per unit of iperf3's rate column: bits are decimal, Bytes binary (iperf3's units.c). */
const RATE_UNITS: Record<string, number> = {
  'bits/sec': 1,
  'Kbits/sec': 1e3,
  'Mbits/sec': 1e6,
  'Gbits/sec': 1e9,
  'Tbits/sec': 1e12,
  'Bytes/sec': 8,
  'KBytes/sec': 8 * 2 ** 10,
  'MBytes/sec': 8 * 2 ** 20,
  'GBytes/sec': 8 * 2 ** 30,
  'TBytes/sec': 8 * 2 ** 40,
};

export interface UdpFigures {
  jitterMs: number | undefined;
  lost: number;
  total: number;
}

/** One `[ ID] start-end sec transfer bitrate ...` line of iperf3's text output. */
export interface StatLine {
  line: number;
  id: number | 'SUM';
  start: number;
  end: number;
  bps: number;
  role: 'sender' | 'receiver' | 'interval' | 'omitted';
  retransmits?: number;
  udp?: UdpFigures;
}

/** What the lines of an iperf3 text say, line by line; lines iperf3 does not print in brackets are context. */
export interface TextFacts {
  stats: StatLine[];
  /** Stream ids from `[  5] local ... connected to ...` lines. */
  connected: Set<number>;
  /** `iperf3: error - ...` and `iperf3: interrupt - ...` lines. */
  errors: { line: number; text: string }[];
  /** Lines that start a test: `Connecting to host` (client), `Accepted connection from` (server). */
  starts: number[];
  reverse: boolean;
  /** A column header names datagrams: the test was UDP. */
  udpHeader: boolean;
  /** From `Starting Test: protocol: TCP, 1 streams, ...` (-V). */
  starting?: { protocol: 'tcp' | 'udp'; streams: number };
  cpu?: { senderPct: number; receiverPct: number };
  time?: string;
  version?: string;
  system?: string;
}

const STAT = /^\[\s*(\d+|SUM)\]\s+(\S+?)-\s*(\S+)\s+sec\s+(\S+)\s+(\S*Bytes)\s+(\S+)\s+(\S+\/sec)(.*)$/;
const UDP_SUMMARY = /^\s*(\S+)\s+ms\s+(-?\d+)\/(\d+)\s+\([^)]*%\)\s+(sender|receiver)\s*$/;
const TCP_SENDER = /^\s*(\d+)\s+sender\s*$/;
const ROLE_ONLY = /^\s*(sender|receiver)\s*$/;
const CONNECTED = /^\[\s*(\d+)\]\s+local\s+\S+\s+port\s+\d+\s+connected\s+to\s+\S+\s+port\s+\d+/;
const CPU = /^CPU Utilization: local\/(sender|receiver) ([\d.]+)%.*remote\/(sender|receiver) ([\d.]+)%/;
const STARTING = /^Starting Test: protocol: (TCP|UDP), (\d+) streams/;
const DAMAGED = 'the file is damaged or was edited; import the output as iperf3 printed it';

/** Reads every line of an iperf3 client (or server) text output. Throws on bracketed lines it cannot read. */
export function readTextFacts(lines: readonly string[], file: string): TextFacts {
  const facts: TextFacts = {
    stats: [],
    connected: new Set(),
    errors: [],
    starts: [],
    reverse: false,
    udpHeader: false,
  };
  for (const [i, raw] of lines.entries()) {
    // --get-server-output: the server's copy of the same test follows; the client's figures stand
    if (/^Server output:/.test(raw.trim())) break;
    readLine(raw.trim(), i + 1, file, facts);
  }
  return facts;
}

function readLine(text: string, line: number, file: string, facts: TextFacts): void {
  if (text.startsWith('[')) {
    readBracketed(text, line, file, facts);
    return;
  }
  if (/^iperf3: (error|interrupt) - /.test(text)) facts.errors.push({ line, text });
  else if (/^Connecting to host /.test(text) || /^Accepted connection from /.test(text))
    facts.starts.push(line);
  else if (/^Reverse mode, remote host .* is sending/.test(text)) facts.reverse = true;
  else if (/^Time: /.test(text)) facts.time = text.slice(6).trim();
  else if (/^iperf \d+\.\d+/.test(text)) facts.version = text;
  else if (/^Linux |^FreeBSD |^Darwin /.test(text)) facts.system = text;
  const cpu = CPU.exec(text);
  if (cpu) {
    const local = finiteNumber(cpu[2]!, file, line, 'CPU figure');
    const remote = finiteNumber(cpu[4]!, file, line, 'CPU figure');
    facts.cpu =
      cpu[1] === 'sender'
        ? { senderPct: local, receiverPct: remote }
        : { senderPct: remote, receiverPct: local };
  }
  const starting = STARTING.exec(text);
  if (starting)
    facts.starting = { protocol: starting[1] === 'UDP' ? 'udp' : 'tcp', streams: Number(starting[2]) };
}

function readBracketed(text: string, line: number, file: string, facts: TextFacts): void {
  if (/^\[\s*(\d+|SUM)\]\[[TR]X-[CS]\]/.test(text)) {
    throw importError(
      file,
      line,
      'a bidirectional test (--bidir) has no cnibench mapping',
      'import tests of one direction (plain or -R)',
    );
  }
  if (/^\[\s*ID\]/.test(text)) {
    if (/Datagrams/.test(text)) facts.udpHeader = true;
    return;
  }
  const connected = CONNECTED.exec(text);
  if (connected) {
    facts.connected.add(Number(connected[1]));
    return;
  }
  if (/^\[\s*(\d+|SUM)\]\s+Sent\s+\d+\s+datagrams/.test(text)) return;
  const m = STAT.exec(text);
  if (!m) throw importError(file, line, `not a line iperf3 prints: "${text}"`, DAMAGED);
  facts.stats.push(statLine(m, line, file));
}

function statLine(m: RegExpExecArray, line: number, file: string): StatLine {
  const unit = RATE_UNITS[m[7]!];
  if (unit === undefined) throw importError(file, line, `unknown iperf3 rate unit "${m[7]}"`, DAMAGED);
  const rest = m[8]!;
  const stat: StatLine = {
    line,
    id: m[1] === 'SUM' ? 'SUM' : Number(m[1]),
    start: finiteNumber(m[2]!, file, line, 'interval start'),
    end: finiteNumber(m[3]!, file, line, 'interval end'),
    bps: finiteNumber(m[6]!, file, line, 'bitrate') * unit,
    role: 'interval',
  };
  finiteNumber(m[4]!, file, line, 'transfer');
  if (!/\b(sender|receiver)\s*$/.test(rest)) {
    if (/\(omitted\)\s*$/.test(rest)) stat.role = 'omitted';
    return stat;
  }
  const udp = UDP_SUMMARY.exec(rest);
  const tcp = TCP_SENDER.exec(rest);
  const role = ROLE_ONLY.exec(rest);
  if (udp) {
    stat.role = udp[4] as 'sender' | 'receiver';
    const jitter = Number(udp[1]);
    stat.udp = {
      jitterMs: Number.isFinite(jitter) ? jitter : undefined,
      lost: finiteNumber(udp[2]!, file, line, 'lost datagrams'),
      total: finiteNumber(udp[3]!, file, line, 'total datagrams'),
    };
  } else if (tcp) {
    stat.role = 'sender';
    stat.retransmits = finiteNumber(tcp[1]!, file, line, 'retransmits');
  } else if (role) {
    stat.role = role[1] as 'sender' | 'receiver';
  } else {
    throw importError(file, line, `an iperf3 summary line cnibench cannot read: "${m[0]}"`, DAMAGED);
  }
  return stat;
}
