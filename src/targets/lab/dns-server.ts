import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CnibenchError } from '../../errors.js';
import type { CommandResult, Spawner } from '../../exec/runner.js';
import { inNetns } from './ip.js';
import { startLabServer } from './server.js';

/** The name the lab's DNS server answers for, unless the caller gives its own records. */
export const LAB_DNS_NAME = 'server.cnibench.lab';

export interface LabDnsOptions {
  /** Network namespace to run the server in (one the lab created). */
  netnsName: string;
  /** Address in that namespace to listen on (UDP and TCP port 53). */
  address: string;
  /** Names and the IPv4 address each resolves to. */
  records: Record<string, string>;
  /** Private directory for the pid file. */
  stateDir: string;
  spawn: Spawner;
  /** Called with the pid as soon as the process exists (for the lab's state file). */
  onStart?: (pid: number) => Promise<void>;
  onStop?: (pid: number) => Promise<void>;
  signal?: AbortSignal;
}

export interface LabDns {
  pid: number;
  /** Stops the server and returns what it printed. */
  stop(): Promise<CommandResult>;
}

/** dnsmasq's argv: authoritative for `records` only, no upstream, no /etc/hosts, no DHCP. */
export function labDnsArgv(o: Pick<LabDnsOptions, 'address' | 'records' | 'stateDir'>): string[] {
  const records = Object.entries(o.records);
  if (records.length === 0)
    throw new CnibenchError('INTERNAL', 'the lab DNS server needs at least one record');
  return [
    'dnsmasq',
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-poll',
    '--no-hosts',
    '--bind-interfaces',
    `--listen-address=${o.address}`,
    '--port=53',
    '--log-facility=-',
    `--pid-file=${join(o.stateDir, 'dnsmasq.pid')}`,
    '--user=nobody',
    '--group=nogroup',
    ...records.map(([name, ip]) => `--host-record=${name},${ip}`),
  ];
}

/**
 * Starts dnsmasq inside a lab namespace as the lab's resolver. It knows no upstream server, so
 * the DNS measurement never leaves the lab: names it does not hold are refused.
 */
export async function startLabDns(o: LabDnsOptions): Promise<LabDns> {
  await mkdir(o.stateDir, { recursive: true, mode: 0o700 });
  const argv = inNetns(o.netnsName, labDnsArgv(o));
  let pid = -1;
  const handle = await startLabServer({
    spawn: o.spawn,
    argv,
    opts: {
      readyPattern: /started, version/,
      readyTimeoutMs: 10_000,
      ...(o.signal ? { signal: o.signal } : {}),
    },
    onStart: async (p) => {
      pid = p;
      await o.onStart?.(p);
    },
    onStop: async (p) => {
      await o.onStop?.(p);
    },
  });
  return { pid, stop: () => handle.stop() };
}
