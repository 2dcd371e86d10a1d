import type { LabProfileName } from '../../config/schema.js';
import type { Runner } from '../../exec/runner.js';
import type { KernelFeature } from './features.js';
import type { ConfList } from './cni.js';
import { inNetns, must } from './ip.js';
import type { LabPlan, NodePlan } from './plan.js';
import type { Placement } from '../../measure/placement.js';
import type { AttachedPod } from './topology.js';
import { attachEbpf } from './ebpf.js';

/** A lab datapath: how pods attach (CNI conflist) and how nodes carry traffic between them. */
export interface LabProfile {
  name: LabProfileName;
  description: string;
  /** Kernel features the profile needs; checked before use. */
  requires: KernelFeature[];
  /** CNI plugins the conflist uses. */
  plugins: string[];
  podMtu(fabricMtu: number): number;
  conflist(node: NodePlan, podMtu: number, ipamDir: string): ConfList;
  /** Connects the nodes' pod ranges (routes, tunnels). Runs after the fabric is up. */
  wire(run: Runner, plan: LabPlan, fabricMtu: number): Promise<void>;
  /** Datapath work that needs the attached pods (e.g. eBPF programs). */
  afterPods?(run: Runner, plan: LabPlan, pods: readonly AttachedPod[], workDir: string): Promise<void>;
  /** Placements the profile cannot offer, and why. */
  unsupportedPlacements?: { placement: Placement; reason: string }[];
}

/** VXLAN header + outer UDP/IP/Ethernet: 50 bytes per packet. */
export const VXLAN_OVERHEAD = 50;
const VXLAN_PORT = 4789;

function hostLocal(node: NodePlan, ipamDir: string): Record<string, unknown> {
  return {
    type: 'host-local',
    ranges: [[{ subnet: node.podSubnet }]],
    routes: [{ dst: '0.0.0.0/0' }],
    dataDir: ipamDir,
  };
}

/** Direct routes between nodes, like Calico BGP or Cilium native routing. */
async function wireNative(run: Runner, plan: LabPlan): Promise<void> {
  for (const node of plan.nodes) {
    for (const peer of plan.nodes.filter((p) => p !== node)) {
      await must(
        run,
        ['ip', '-n', node.netns, 'route', 'add', peer.podSubnet, 'via', peer.fabricIp, 'dev', 'eth0'],
        `route to ${peer.name}'s pods on ${node.name}`,
      );
    }
  }
}

/** A Flannel-style VXLAN overlay: a VTEP per node with static FDB and neighbour entries. */
async function wireVxlan(run: Runner, plan: LabPlan, fabricMtu: number): Promise<void> {
  const mac = (n: NodePlan): string => `02:cb:00:00:00:${n.index.toString(16).padStart(2, '0')}`;
  for (const node of plan.nodes) {
    const ip = (...a: string[]): string[] => ['ip', '-n', node.netns, ...a];
    await must(
      run,
      ip(
        'link',
        'add',
        'vxlan0',
        'address',
        mac(node),
        'mtu',
        String(fabricMtu - VXLAN_OVERHEAD),
        'type',
        'vxlan',
        'id',
        '1',
        'local',
        node.fabricIp,
        'dev',
        'eth0',
        'dstport',
        String(VXLAN_PORT),
        'nolearning',
      ),
      `VXLAN device on ${node.name}`,
    );
    await must(run, ip('addr', 'add', `${node.podNet}/32`, 'dev', 'vxlan0'), `VXLAN address on ${node.name}`);
    await must(run, ip('link', 'set', 'vxlan0', 'up'), `VXLAN up on ${node.name}`);
    for (const peer of plan.nodes.filter((p) => p !== node)) {
      await must(
        run,
        ['bridge', ...['-n', node.netns], 'fdb', 'append', mac(peer), 'dev', 'vxlan0', 'dst', peer.fabricIp],
        `VXLAN FDB entry on ${node.name}`,
      );
      await must(
        run,
        ip('neigh', 'replace', peer.podNet, 'lladdr', mac(peer), 'dev', 'vxlan0', 'nud', 'permanent'),
        `VXLAN neighbour on ${node.name}`,
      );
      await must(
        run,
        ip('route', 'add', peer.podSubnet, 'via', peer.podNet, 'dev', 'vxlan0', 'onlink'),
        `overlay route on ${node.name}`,
      );
    }
  }
}

const bridgeConf = (node: NodePlan, mtu: number, ipamDir: string): ConfList => ({
  cniVersion: '1.0.0',
  name: 'cnibench-bridge',
  plugins: [
    {
      type: 'bridge',
      bridge: 'cni0',
      isGateway: true,
      ipMasq: false,
      hairpinMode: true,
      mtu,
      ipam: hostLocal(node, ipamDir),
    },
  ],
});

export const PROFILES: Record<LabProfileName, LabProfile> = {
  'bridge-native': {
    name: 'bridge-native',
    description:
      'Linux bridge per node, direct routes between nodes (like Calico BGP or Cilium native routing)',
    requires: ['veth', 'bridge'],
    plugins: ['bridge', 'host-local'],
    podMtu: (m) => m,
    conflist: bridgeConf,
    wire: (run, plan) => wireNative(run, plan),
  },
  'ptp-native': {
    name: 'ptp-native',
    description: 'point-to-point veth per pod routed by the node, direct routes between nodes (like Calico)',
    requires: ['veth'],
    plugins: ['ptp', 'host-local'],
    podMtu: (m) => m,
    conflist: (node, mtu, ipamDir) => ({
      cniVersion: '1.0.0',
      name: 'cnibench-ptp',
      plugins: [{ type: 'ptp', ipMasq: false, mtu, ipam: hostLocal(node, ipamDir) }],
    }),
    wire: (run, plan) => wireNative(run, plan),
  },
  ebpf: {
    name: 'ebpf',
    description:
      'eBPF host routing (like Cilium): tc programs redirect between pod veths and the fabric, bypassing the node stack; direct routes',
    requires: ['veth', 'clsact', 'tc-bpf'],
    plugins: ['ptp', 'host-local'],
    podMtu: (m) => m,
    conflist: (node, mtu, ipamDir) => ({
      cniVersion: '1.0.0',
      name: 'cnibench-ebpf',
      plugins: [{ type: 'ptp', ipMasq: false, mtu, ipam: hostLocal(node, ipamDir) }],
    }),
    wire: (run, plan) => wireNative(run, plan),
    afterPods: attachEbpf,
    unsupportedPlacements: [
      {
        placement: 'service',
        reason:
          'the eBPF datapath bypasses the node stack, so kube-proxy-style iptables DNAT cannot translate replies; a BPF service map (as in Cilium kube-proxy replacement) is not modelled',
      },
    ],
  },
  vxlan: {
    name: 'vxlan',
    description:
      'Linux bridge per node, VXLAN overlay between nodes (like Flannel or Canal); pod MTU leaves 50 bytes',
    requires: ['veth', 'bridge', 'vxlan'],
    plugins: ['bridge', 'host-local'],
    podMtu: (m) => m - VXLAN_OVERHEAD,
    conflist: bridgeConf,
    wire: wireVxlan,
  },
};

/** Enables forwarding inside a node namespace (per-namespace sysctl; the host's is untouched). */
export async function enableForwarding(run: Runner, netns: string): Promise<void> {
  await must(
    run,
    inNetns(netns, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']),
    `IP forwarding in ${netns}`,
  );
}
