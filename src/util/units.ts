import { CnibenchError } from '../model/errors.js';

const BITRATE = /^(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:bit|bps|b)?(?:\/s)?$/;
const BIT_FACTOR: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 };

/** Parses "1G", "100M", "10gbit", "500kbit/s" into bits per second (decimal prefixes, as iperf3 and tc). */
export function parseBitrate(text: string, where: string): number {
  const m = BITRATE.exec(text.trim());
  if (!m) {
    throw new CnibenchError('USAGE', `${where}: "${text}" is not a bit rate`, {
      hint: 'write a value like 1G, 100M or 10gbit',
    });
  }
  return Number(m[1]) * BIT_FACTOR[m[2]!.toLowerCase()]!;
}

/** "1G" style text for a rate in bit/s, as iperf3 -b accepts. */
export function formatBitrate(bps: number): string {
  if (bps >= 1e9 && bps % 1e6 === 0) return `${bps / 1e9}G`;
  if (bps >= 1e6 && bps % 1e3 === 0) return `${bps / 1e6}M`;
  if (bps >= 1e3) return `${bps / 1e3}K`;
  return String(bps);
}

/** "1m05s" style text for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
