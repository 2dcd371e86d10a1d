/** UDP counters of a network namespace from `/proc/net/snmp`. */
export interface UdpCounters {
  InDatagrams: number;
  InErrors: number;
  RcvbufErrors: number;
  SndbufErrors: number;
}

/**
 * Parses the `Udp:` header and value lines of /proc/net/snmp; undefined when they are missing.
 * (The file is per network namespace, so a pod's reading is its own.)
 */
export function parseUdpSnmp(text: string): UdpCounters | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith('Udp:'));
  if (lines.length < 2) return undefined;
  const names = lines[0]!.split(/\s+/).slice(1);
  const values = lines[1]!.split(/\s+/).slice(1).map(Number);
  const get = (n: string): number | undefined => {
    const i = names.indexOf(n);
    const v = i < 0 ? undefined : values[i];
    return v === undefined || !Number.isFinite(v) ? undefined : v;
  };
  const [InDatagrams, InErrors, RcvbufErrors, SndbufErrors] = [
    'InDatagrams',
    'InErrors',
    'RcvbufErrors',
    'SndbufErrors',
  ].map(get);
  if (InDatagrams === undefined || InErrors === undefined || RcvbufErrors === undefined) return undefined;
  return { InDatagrams, InErrors, RcvbufErrors, SndbufErrors: SndbufErrors ?? 0 };
}
