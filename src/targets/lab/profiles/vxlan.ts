import type { Runner } from '../../../exec/runner.js';
import { must } from '../ip.js';
import type { LabPlan, NodePlan } from '../plan.js';
import { bridgeConf } from './common.js';
import type { LabProfile } from './profile.js';

/** VXLAN header + outer UDP/IP/Ethernet: 50 bytes per packet. */
export const VXLAN_OVERHEAD = 50;
const VXLAN_PORT = 4789;

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

export const vxlan = {
  name: 'vxlan',
  description:
    'Linux bridge per node, VXLAN overlay between nodes (like Flannel or Canal); pod MTU leaves 50 bytes',
  requires: ['veth', 'bridge', 'vxlan'],
  plugins: ['bridge', 'host-local'],
  podMtu: (m) => m - VXLAN_OVERHEAD,
  conflist: bridgeConf,
  wire: wireVxlan,
} as const satisfies LabProfile;
