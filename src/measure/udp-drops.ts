import type { CommandResult } from '../exec/runner.js';
import type { RawOutput } from '../model/raw-output.js';
import type { Endpoint, ExecOptions } from '../targets/target.js';
import { parseUdpSnmp, type UdpCounters } from '../tools/proc-snmp.js';
import { parseQdiscStats, qdiscDropsBetween, type QdiscStats } from '../tools/tc-qdisc.js';
import type { MeasureContext } from './measurement.js';
import { rawOutput } from './raw.js';

const QDISC = ['tc', '-s', '-j', 'qdisc', 'show'];
const SNMP = ['cat', '/proc/net/snmp'];

/** Counters on the way of one UDP test, read before and after it. */
export interface DropReading {
  /** Qdiscs by place: `node1/pod-a`, `node1 (node)`. */
  qdiscs: { where: string; stats: QdiscStats[] }[];
  receiver?: UdpCounters;
}

/**
 * Reads the qdisc counters of the sender's namespace and of both ends' nodes (where the CNI's
 * host side lives: the bandwidth plugin's ifb and tbf), and the receiver's UDP counters.
 * Readings that fail are left out; their commands are kept in `raw`.
 */
export async function readDrops(ctx: MeasureContext, raw: RawOutput[], tag: string): Promise<DropReading> {
  const opts: ExecOptions = { timeoutMs: 5000, signal: ctx.signal };
  const { client, server } = ctx.path;
  const qdiscs: DropReading['qdiscs'] = [];
  const read = async (where: string, run: () => Promise<CommandResult>): Promise<void> => {
    const r = await run().catch(() => undefined);
    if (r === undefined) return;
    raw.push(rawOutput(`${tag} qdiscs ${where}`, QDISC, r));
    const stats = r.exitCode === 0 ? parseQdiscStats(r.stdout) : undefined;
    if (stats !== undefined) qdiscs.push({ where, stats });
  };
  await read(client.id, () => ctx.target.exec(client, QDISC, opts));
  const nodeExec = ctx.target.nodeExec?.bind(ctx.target);
  if (nodeExec !== undefined && ctx.path.placement !== 'host') {
    // pods' nodes, once each (same-node: one); on `host` the client's reading is its node's
    const nodes = new Map<string, Endpoint>();
    for (const e of [client, server]) if (!nodes.has(e.node)) nodes.set(e.node, e);
    for (const [node, e] of nodes) await read(`${node} (node)`, () => nodeExec(e, QDISC, opts));
  }
  const snmp = await ctx.target.exec(server, SNMP, opts).catch(() => undefined);
  if (snmp !== undefined) raw.push(rawOutput(`${tag} udp counters ${server.id}`, SNMP, snmp));
  const receiver = snmp?.exitCode === 0 ? parseUdpSnmp(snmp.stdout) : undefined;
  return { qdiscs, ...(receiver ? { receiver } : {}) };
}

/** What the counters say about the datagrams a UDP test lost. */
export interface ExcessAccount {
  qdisc_drops: number;
  socket_drops?: number;
  note: string;
}

/**
 * Where the excess of an offered UDP rate went: held back at the sender (sent below offered),
 * dropped by qdiscs on the way (a rate limit's tbf), dropped by the receiving socket, or lost
 * where no counter saw it.
 */
export function accountExcess(
  before: DropReading,
  after: DropReading,
  f: { offered: number; sent?: number; received?: number; lost?: number },
): ExcessAccount {
  const drops = after.qdiscs.flatMap((a) => {
    const b = before.qdiscs.find((x) => x.where === a.where);
    return b === undefined ? [] : qdiscDropsBetween(b.stats, a.stats).map((d) => ({ ...d, where: a.where }));
  });
  const qdiscDrops = drops.reduce((s, d) => s + d.drops, 0);
  const socket =
    before.receiver && after.receiver
      ? after.receiver.RcvbufErrors - before.receiver.RcvbufErrors
      : undefined;
  const parts: string[] = [];
  const g = (x: number): string => x.toFixed(3);
  if (f.sent !== undefined) {
    parts.push(
      f.sent < 0.9 * f.offered
        ? `the sender was held back: sent ${g(f.sent)} of ${g(f.offered)} Gbit/s offered (a sender-side limit or CPU)`
        : `the sender sent ${g(f.sent)} of ${g(f.offered)} Gbit/s offered`,
    );
  }
  if (f.received !== undefined) parts.push(`the receiver got ${g(f.received)} Gbit/s`);
  const where = drops.map((d) => `${d.drops} by ${d.kind} on ${d.where} ${d.dev}`).join(', ');
  if (f.lost !== undefined) {
    const counted = qdiscDrops + (socket ?? 0);
    parts.push(
      `${f.lost} datagrams lost: ${qdiscDrops > 0 ? `${qdiscDrops} dropped by qdiscs (${where})` : 'none dropped by a qdisc'}, ${socket === undefined ? 'receiver socket drops unknown' : `${socket} by the receiving socket (buffer full)`}${f.lost > counted ? `, ${f.lost - counted} where no counter saw them` : ''}`,
    );
  }
  return {
    qdisc_drops: qdiscDrops,
    ...(socket !== undefined ? { socket_drops: socket } : {}),
    note: `where the excess went: ${parts.join('; ')}`,
  };
}
