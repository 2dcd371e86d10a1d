import type { Runner } from '../../../exec/runner.js';
import { mapLimit } from '../../../util/pool.js';
import { mustBatch, SETUP_CONCURRENCY } from '../ip.js';
import type { LabPlan, NodePlan } from '../plan.js';
import { bridgeConf } from './common.js';
import type { LabProfile } from './profile.js';

/** VXLAN header + outer UDP/IP/Ethernet: 50 bytes per packet. */
export const VXLAN_OVERHEAD = 50;
const VXLAN_PORT = 4789;

/** A Flannel-style VXLAN overlay: a VTEP per node with static FDB and neighbour entries. */
async function wireVxlan(run: Runner, plan: LabPlan, fabricMtu: number): Promise<void> {
  const mac = (n: NodePlan): string =>
    `02:cb:00:00:${(n.index >> 8).toString(16).padStart(2, '0')}:${(n.index & 0xff).toString(16).padStart(2, '0')}`;
  await mapLimit(plan.nodes, SETUP_CONCURRENCY, async (node) => {
    const device = `link add vxlan0 address ${mac(node)} mtu ${fabricMtu - VXLAN_OVERHEAD} type vxlan id 1 local ${node.fabricIp} dev eth0 dstport ${VXLAN_PORT} nolearning`;
    await mustBatch(
      run,
      'ip',
      node.netns,
      [device, `addr add ${node.podNet}/32 dev vxlan0`, 'link set vxlan0 up'],
      `VXLAN device on ${node.name}`,
    );
    const peers = plan.nodes.filter((p) => p !== node);
    await mustBatch(
      run,
      'bridge',
      node.netns,
      peers.map((peer) => `fdb append ${mac(peer)} dev vxlan0 dst ${peer.fabricIp}`),
      `VXLAN FDB entries on ${node.name}`,
    );
    await mustBatch(
      run,
      'ip',
      node.netns,
      peers.flatMap((peer) => [
        `neigh replace ${peer.podNet} lladdr ${mac(peer)} dev vxlan0 nud permanent`,
        `route add ${peer.podSubnet} via ${peer.podNet} dev vxlan0 onlink`,
      ]),
      `VXLAN neighbours and overlay routes on ${node.name}`,
    );
  });
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
