import { formatBitrate } from '../util/units.js';

/**
 * Variant names of imported iperf3 tests, the same as `cnibench run` gives its own (`streams=4`,
 * `rate=1G`) so that imported and measured results meet in `cnibench compare`; what cnibench's own
 * tests never vary (reverse direction, several UDP streams) is appended.
 */
export function tcpVariant(streams: number, reverse: boolean): string {
  return `streams=${streams}${reverse ? ',reverse' : ''}`;
}

/** `rate=1G`; `rate=unlimited` for `-b 0`; `rate=unknown` when nothing says the offered rate. */
export function udpVariant(bitrateBps: number | undefined, streams: number, reverse: boolean): string {
  const rate =
    bitrateBps === undefined ? 'unknown' : bitrateBps === 0 ? 'unlimited' : formatBitrate(bitrateBps);
  return `rate=${rate}${streams > 1 ? `,streams=${streams}` : ''}${reverse ? ',reverse' : ''}`;
}

/** iperf3's offered UDP rate when `-b` is not given: 1 Mbit/s, which it counts as 1024 * 1024 bit/s. */
export const IPERF3_DEFAULT_UDP_BPS = 1024 * 1024;
