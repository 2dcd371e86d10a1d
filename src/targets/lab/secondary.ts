import type { Runner } from '../../exec/runner.js';
import { parseBitrate } from '../../util/units.js';
import { mapLimit } from '../../util/pool.js';
import type { SecondaryNetworkSpec } from './beyond-schema.js';
import type { ConfList } from './cni.js';
import { must, mustBatch, SETUP_CONCURRENCY } from './ip.js';
import type { LabPlan, NodePlan } from './plan.js';

/** The second fabric's subnet: nodes at 10.126.255.N, node N's pods at 10.126.N.1-254. */
const SECONDARY_SUBNET = '10.126.0.0/16';

/** A node's address on the second fabric (its `eth1`). */
export function secondaryNodeIp(node: NodePlan): string {
  return `10.126.255.${node.index}`;
}

/**
 * The second fabric: a bridge `br1` in the fabric namespace with its own MTU, and a link `eth1`
 * in every node (fabric side `s<node>`), shaped on the node's egress when `rate` is set.
 */
export async function buildSecondaryFabric(
  run: Runner,
  plan: LabPlan,
  spec: SecondaryNetworkSpec,
  where: string,
): Promise<void> {
  const mtu = String(spec.mtu);
  const fab = plan.fabricNetns;
  await mustBatch(
    run,
    'ip',
    fab,
    [`link add br1 mtu ${mtu} type bridge`, 'link set br1 up'],
    'second fabric',
  );
  await mapLimit(plan.nodes, SETUP_CONCURRENCY, async (node) => {
    const peer = `s${node.name}`;
    await must(
      run,
      ['ip', '-n', node.netns, 'link', 'add', 'eth1', 'mtu', mtu, 'type', 'veth', 'peer', 'name', peer],
      `second fabric link of ${node.name}`,
    );
    await must(
      run,
      ['ip', '-n', node.netns, 'link', 'set', peer, 'netns', fab],
      `second fabric port of ${node.name}`,
    );
    await must(run, ['ip', '-n', fab, 'link', 'set', peer, 'mtu', mtu, 'master', 'br1', 'up'], 'br1 port');
    await mustBatch(
      run,
      'ip',
      node.netns,
      [`addr add ${secondaryNodeIp(node)}/16 dev eth1`, 'link set eth1 up'],
      `second fabric address of ${node.name}`,
    );
    if (spec.rate !== undefined) {
      const bps = parseBitrate(spec.rate, `${where}: secondary.rate`);
      await must(
        run,
        ['tc', '-n', node.netns, 'qdisc', 'add', 'dev', 'eth1', 'root', 'tbf', 'rate', `${bps}bit`].concat([
          'burst',
          '512kb',
          'latency',
          '50ms',
        ]),
        `shaping ${node.name}'s second fabric link to ${spec.rate}`,
      );
    }
  });
}

/** The second attachment's conflist: a macvlan (bridge mode) or ipvlan (L2) child of the node's `eth1`. */
export function secondaryConf(node: NodePlan, spec: SecondaryNetworkSpec, ipamDir: string): ConfList {
  const mode = spec.type === 'macvlan' ? 'bridge' : 'l2';
  return {
    cniVersion: '1.0.0',
    name: 'cnibench-secondary',
    plugins: [
      {
        type: spec.type,
        master: 'eth1',
        mode,
        mtu: spec.mtu,
        ipam: {
          type: 'host-local',
          ranges: [
            [
              {
                subnet: SECONDARY_SUBNET,
                rangeStart: `10.126.${node.index}.1`,
                rangeEnd: `10.126.${node.index}.254`,
              },
            ],
          ],
          dataDir: ipamDir,
        },
      },
    ],
  };
}
