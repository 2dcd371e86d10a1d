import type { Runner } from '../../../exec/runner.js';
import type { ConfList } from '../cni.js';
import { mapLimit } from '../../../util/pool.js';
import { mustBatch, SETUP_CONCURRENCY } from '../ip.js';
import type { LabPlan, NodePlan } from '../plan.js';

/** host-local IPAM over the node's pod range, state kept in the run's private directory. */
export function hostLocal(node: NodePlan, ipamDir: string): Record<string, unknown> {
  return {
    type: 'host-local',
    ranges: [[{ subnet: node.podSubnet }]],
    routes: [{ dst: '0.0.0.0/0' }],
    dataDir: ipamDir,
  };
}

/** Direct routes between nodes, like Calico BGP or Cilium native routing: one `ip -batch` per node. */
export async function wireNative(run: Runner, plan: LabPlan): Promise<void> {
  await mapLimit(plan.nodes, SETUP_CONCURRENCY, (node) =>
    mustBatch(
      run,
      'ip',
      node.netns,
      plan.nodes
        .filter((p) => p !== node)
        .map((peer) => `route add ${peer.podSubnet} via ${peer.fabricIp} dev eth0`),
      `routes to the other nodes' pods on ${node.name}`,
    ),
  );
}

/** A Linux bridge per node (`cni0`), the node as the pods' gateway. */
export function bridgeConf(node: NodePlan, mtu: number, ipamDir: string): ConfList {
  return {
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
  };
}

/** A point-to-point veth per pod, routed by the node. */
export function ptpConf(name: string, node: NodePlan, mtu: number, ipamDir: string): ConfList {
  return {
    cniVersion: '1.0.0',
    name,
    plugins: [{ type: 'ptp', ipMasq: false, mtu, ipam: hostLocal(node, ipamDir) }],
  };
}
