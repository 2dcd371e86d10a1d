import type { ImportFormat } from './types.js';

const IPERF3_STAT = /^\s*\[\s*(\d+|SUM)\]\s+\d+(\.\d+)?-\s*\d+(\.\d+)?\s+sec\s/m;

/** The format of a file's text, or undefined when it is none cnibench imports. */
export function detectFormat(text: string): ImportFormat | undefined {
  const head = text.trimStart();
  if (head.startsWith('{')) return jsonFormat(head);
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  if (/^(Type,|Role,)?Driver,Profile,/.test(first)) return 'k8s-netperf';
  if (/^\s*Generator\s*:\s*knb\s*$/m.test(text) || /^\s*generator:\s*"?knb"?\s*$/m.test(text)) return 'knb';
  if (
    IPERF3_STAT.test(text) ||
    /^\s*iperf3: (error|interrupt) - /m.test(text) ||
    /^Connecting to host /m.test(text)
  ) {
    return 'iperf3-text';
  }
  return undefined;
}

function jsonFormat(text: string): ImportFormat | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Damaged JSON: the converter of the format it looks like names the broken line.
    if (/"generator"\s*:\s*"knb"/.test(text)) return 'knb';
    if (/"start"\s*:/.test(text) && /"(test_start|connecting_to|intervals)"\s*:/.test(text))
      return 'iperf3-json';
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const o = data as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta?.generator === 'knb') return 'knb';
  if ('start' in o && ('end' in o || 'intervals' in o || 'error' in o)) return 'iperf3-json';
  return undefined;
}
