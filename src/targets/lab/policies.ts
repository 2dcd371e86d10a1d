import { CnibenchError } from '../../model/errors.js';
import type { Runner } from '../../exec/runner.js';
import { loadRules, removeChainsScript } from './iptables-script.js';
import { installEbpfPolicies } from './policy-ebpf.js';
import { policyPeer, type PolicySet } from './policy-set.js';

export { policyPeer, type PolicySet };

/**
 * How the lab applies network policies to a pod: Calico-style per-pod iptables chains (a jump
 * to one chain per policy, each checked in turn), one nftables set lookup, or a tc eBPF
 * program with one BPF hash map lookup (Cilium-style; policy-ebpf.ts).
 */
export const POLICY_MODES = ['iptables', 'nftables', 'ebpf'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

function tcpMatch(s: PolicySet, nft: boolean): string {
  if (nft) return s.port === undefined ? 'meta l4proto tcp' : `tcp dport ${s.port}`;
  return s.port === undefined ? '-p tcp' : `-p tcp -m tcp --dport ${s.port}`;
}

const MARK = '0x10000/0x10000';

/**
 * iptables-restore input in the manner of Calico's per-workload chains: INPUT jumps to the
 * pod's chain `cnb-pol`; established connections are accepted first (conntrack); a new
 * connection to the port walks `cnb-pol-in`, which clears the accept and pass marks, jumps to
 * each policy's chain `cnb-pi-<i>` unless a pass mark is set (one rule: this peer sets the
 * accept mark) and returns as soon as the accept mark is set; a
 * packet no policy allowed is dropped. The measured client is allowed by the last policy, so
 * its SYN is checked against every policy before it.
 */
export function iptablesPolicies(s: PolicySet): { add: string; remove: string; rules: number } {
  const chains = [':cnb-pol - [0:0]', ':cnb-pol-in - [0:0]'];
  const rules = [
    '-A cnb-pol -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    `-A cnb-pol ${tcpMatch(s, false)} -j cnb-pol-in`,
    `-A cnb-pol-in -j MARK --set-xmark 0x0/0x30000`,
  ];
  for (let i = 0; i < s.count; i++) {
    chains.push(`:cnb-pi-${i} - [0:0]`);
    rules.push(
      `-A cnb-pol-in -m mark --mark 0x0/0x20000 -j cnb-pi-${i}`,
      `-A cnb-pol-in -m mark --mark ${MARK} -m comment --comment "cnibench: return if policy accepted" -j RETURN`,
    );
    rules.push(`-A cnb-pi-${i} -s ${policyPeer(i, s)}/32 -j MARK --set-xmark ${MARK}`);
  }
  rules.push('-A cnb-pol-in -m comment --comment "cnibench: no policy allowed the packet" -j DROP');
  const add = ['*filter', ...chains, ...rules, '-A INPUT -j cnb-pol', 'COMMIT', ''].join('\n');
  const names = ['cnb-pol', 'cnb-pol-in', ...Array.from({ length: s.count }, (_, i) => `cnb-pi-${i}`)];
  const remove = removeChainsScript('filter', 'INPUT', names);
  return { add, remove, rules: rules.length + 1 };
}

/**
 * nft input with the allowed peers in one set: a new connection costs one hash lookup, for 10
 * policies or 1000. Established connections are accepted first, as in iptables mode.
 */
export function nftablesPolicies(s: PolicySet): { add: string; remove: string; rules: number } {
  const peers = Array.from({ length: s.count }, (_, i) => policyPeer(i, s));
  const lines = [
    'table inet cnb_policy {',
    '  set allowed {',
    '    type ipv4_addr',
    ...(peers.length > 0 ? [`    elements = { ${peers.join(', ')} }`] : []),
    '  }',
    '  chain input {',
    '    type filter hook input priority filter; policy accept;',
    '    ct state established,related accept',
    `    ${tcpMatch(s, true)} ip saddr @allowed accept`,
    `    ${tcpMatch(s, true)} drop`,
    '  }',
    '}',
    '',
  ];
  return { add: lines.join('\n'), remove: 'delete table inet cnb_policy\n', rules: 3 + peers.length };
}

export interface InstalledPolicies {
  rules: number;
  mode: PolicyMode;
  remove(): Promise<void>;
}

/** Programs policies in a pod's own namespace (never the host's); with count 0, nothing. */
export async function installPolicies(
  run: Runner,
  netns: string,
  mode: string,
  s: PolicySet,
): Promise<InstalledPolicies> {
  if (!(POLICY_MODES as readonly string[]).includes(mode)) {
    throw new CnibenchError(
      'USAGE',
      `the lab applies policies with iptables, nftables or ebpf, not "${mode}"`,
      {
        hint: `set the policy measurement's modes to ${POLICY_MODES.join(', ')}`,
      },
    );
  }
  const how = mode as PolicyMode;
  if (s.count === 0) return { rules: 0, mode: how, remove: () => Promise.resolve() };
  if (how === 'ebpf') return { ...(await installEbpfPolicies(run, netns, s)), mode: how };
  const text = how === 'iptables' ? iptablesPolicies(s) : nftablesPolicies(s);
  const remove = await loadRules(run, netns, how, text, `${s.count} ${how} policies`);
  return {
    rules: text.rules,
    mode: how,
    remove,
  };
}

/**
 * A scenario's own policies (`policies: {count, mode}`): on both server pods, every TCP port,
 * the client pod allowed by the last; they go with the namespaces. Returns the environment facts.
 */
export async function applyScenarioPolicies(
  run: Runner,
  spec: { count: number; mode: PolicyMode } | undefined,
  servers: readonly string[],
  client: string,
): Promise<Record<string, string | number>> {
  if (spec === undefined) return {};
  let rules = 0;
  for (const netns of servers)
    rules = (await installPolicies(run, netns, spec.mode, { count: spec.count, client })).rules;
  return { policies: spec.count, policy_mode: spec.mode, policy_rules: rules };
}
