import type { Runner } from '../../exec/runner.js';
import { inNetns, must } from './ip.js';
import { loadRules, removeChainsScript } from './iptables-script.js';

/** How Services are programmed: kube-proxy's iptables mode (linear chains) or nftables verdict maps. */
export const SERVICE_MODES = ['iptables', 'nftables'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

/** The virtual IP of service number i (0-based), from 10.126.0.0/16; the measured one is the last. */
export function serviceVip(i: number): string {
  return `10.126.${(i >> 8) & 255}.${i & 255}`;
}

/** Backends of the services nobody measures: addresses that never receive traffic. */
function idleBackend(i: number): string {
  return `10.127.${(i >> 8) & 255}.${i & 255}`;
}

export interface ServiceSet {
  count: number;
  backend: string;
  port: number;
}

/**
 * iptables-restore input laid out as kube-proxy's iptables mode does: one match rule per
 * Service in a services chain, a per-Service chain, a per-endpoint DNAT chain. The first packet
 * of a connection to the last Service walks every match rule before it.
 */
export function iptablesRules(s: ServiceSet): { add: string; remove: string; rules: number } {
  const chains = [':CNB-SERVICES - [0:0]'];
  const rules: string[] = [];
  for (let i = 0; i < s.count; i++) {
    const last = i === s.count - 1;
    chains.push(`:CNB-SVC-${i} - [0:0]`, `:CNB-SEP-${i} - [0:0]`);
    rules.push(`-A CNB-SERVICES -d ${serviceVip(i)}/32 -p tcp -m tcp --dport ${s.port} -j CNB-SVC-${i}`);
    rules.push(`-A CNB-SVC-${i} -j CNB-SEP-${i}`);
    rules.push(
      `-A CNB-SEP-${i} -p tcp -m tcp -j DNAT --to-destination ${last ? s.backend : idleBackend(i)}:${s.port}`,
    );
  }
  const add = ['*nat', ...chains, ...rules, '-A PREROUTING -j CNB-SERVICES', 'COMMIT', ''].join('\n');
  const names = [
    'CNB-SERVICES',
    ...Array.from({ length: s.count }, (_, i) => [`CNB-SVC-${i}`, `CNB-SEP-${i}`]).flat(),
  ];
  const remove = removeChainsScript('nat', 'PREROUTING', names);
  return { add, remove, rules: rules.length + 1 };
}

/**
 * nft input in the manner of kube-proxy's nftables mode: one verdict map from address and port
 * to a per-Service chain, so a lookup costs the same for 10 Services or 5000.
 */
export function nftablesRules(s: ServiceSet): { add: string; remove: string; rules: number } {
  const lines = ['table ip cnb_services {'];
  for (let i = 0; i < s.count; i++) {
    lines.push(
      `  chain svc-${i} {\n    meta l4proto tcp dnat to ${i === s.count - 1 ? s.backend : idleBackend(i)}:${s.port}\n  }`,
    );
  }
  lines.push('  map services {', '    type ipv4_addr . inet_service : verdict');
  const elements = Array.from({ length: s.count }, (_, i) => `${serviceVip(i)} . ${s.port} : goto svc-${i}`);
  if (elements.length > 0) lines.push(`    elements = { ${elements.join(', ')} }`);
  lines.push(
    '  }',
    '  chain prerouting {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    '    ip daddr . tcp dport vmap @services',
    '  }',
    '}',
    '',
  );
  return { add: lines.join('\n'), remove: 'delete table ip cnb_services\n', rules: s.count + 1 };
}

export interface InstalledServices {
  /** The measured Service's virtual IP. */
  address: string;
  /** Rules or map entries programmed. */
  rules: number;
  remove(): Promise<void>;
}

/** Programs `count` Services in a node namespace (never the host's) and returns how to remove them. */
export async function installServices(
  run: Runner,
  netns: string,
  mode: ServiceMode,
  s: ServiceSet,
): Promise<InstalledServices> {
  const text = mode === 'iptables' ? iptablesRules(s) : nftablesRules(s);
  const remove = await loadRules(run, netns, mode, text, `${s.count} ${mode} services`);
  return {
    address: serviceVip(s.count - 1),
    rules: text.rules,
    remove,
  };
}

/** The iptables rule of one ClusterIP-style virtual IP: DNAT to a backend on every port. */
export function vipDnatRule(vip: string, backend: string): string[] {
  return [
    'iptables',
    '-w',
    '5',
    '-t',
    'nat',
    '-A',
    'PREROUTING',
    '-d',
    `${vip}/32`,
    '-j',
    'DNAT',
    '--to-destination',
    backend,
  ];
}

/** One ClusterIP-style virtual IP in a node namespace, as the `service` placement uses. */
export async function installVipDnat(
  run: Runner,
  netns: string,
  vip: string,
  backend: string,
): Promise<void> {
  await must(run, inNetns(netns, vipDnatRule(vip, backend)), 'service DNAT rule');
}
