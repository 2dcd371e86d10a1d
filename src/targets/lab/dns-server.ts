import { join } from 'node:path';
import { CnibenchError } from '../../model/errors.js';

/** The name the lab's DNS server answers for, unless the caller gives its own records. */
export const LAB_DNS_NAME = 'server.cnibench.lab';

export interface LabDnsOptions {
  /** Address to listen on (UDP and TCP port 53). */
  address: string;
  /** Names and the IPv4 address each resolves to. */
  records: Record<string, string>;
  /** Private directory for the pid file. */
  stateDir: string;
}

/** dnsmasq's argv: authoritative for `records` only, no upstream, no /etc/hosts, no DHCP. */
export function labDnsArgv(o: LabDnsOptions): string[] {
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
