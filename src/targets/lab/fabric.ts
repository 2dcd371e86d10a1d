import type { Runner } from '../../exec/runner.js';
import { CnibenchError } from '../../model/errors.js';
import { parseBitrate } from '../../util/units.js';
import { mapLimit } from '../../util/pool.js';
import { inNetns, must, mustBatch, SETUP_CONCURRENCY } from './ip.js';
import type { LabPlan, NodePlan } from './plan.js';
import type { LabScenario } from './schema.js';

/** The bridge a node's fabric port joins: its zone's, or the core bridge `br0`. */
function bridgeOf(plan: LabPlan, node: NodePlan): string {
  return node.zone === undefined ? 'br0' : `bz${plan.zones.indexOf(node.zone)}`;
}

/** The rate a node's link is shaped to in both directions (`nodeLinks`), if any. */
export function nodeLinkRate(scenario: LabScenario, node: NodePlan): string | undefined {
  return scenario.nodeLinks?.findLast((l) => l.nodes.includes(node.index))?.rate;
}

function tbf(netns: string, dev: string, rate: string, where: string): string[] {
  const bps = parseBitrate(rate, where);
  return [
    'tc',
    '-n',
    netns,
    'qdisc',
    'add',
    'dev',
    dev,
    'root',
    'tbf',
    'rate',
    `${bps}bit`,
    'burst',
    '512kb',
    'latency',
    '50ms',
  ];
}

/**
 * The fabric: a core bridge in its own namespace and, with zones, one bridge per zone joined to
 * the core by a veth pair shaped in both directions (netem: delay and rate), so that traffic
 * between zones crosses two shaped links and traffic inside a zone none.
 */
export async function buildFabric(run: Runner, plan: LabPlan, scenario: LabScenario): Promise<void> {
  const fab = plan.fabricNetns;
  const mtu = String(scenario.mtu);
  const lines = ['link add br0 type bridge', 'link set br0 up'];
  plan.zones.forEach((_, k) => {
    lines.push(`link add bz${k} type bridge`, `link set bz${k} up`);
    lines.push(`link add zu${k} mtu ${mtu} type veth peer name zc${k} mtu ${mtu}`);
    lines.push(`link set zu${k} master bz${k} up`, `link set zc${k} master br0 up`);
  });
  await mustBatch(run, 'ip', fab, lines, 'fabric bridges');
  const z = scenario.zones;
  if (z === undefined || (z.rate === undefined && z.delay === undefined)) return;
  const where = `scenario ${scenario.name}: zones`;
  for (let k = 0; k < plan.zones.length; k++) {
    for (const dev of [`zu${k}`, `zc${k}`]) {
      const what = `shaping ${plan.zones[k]}'s link (${dev})`;
      if (z.delay === undefined) {
        await must(run, tbf(fab, dev, z.rate!, `${where}.rate`), what);
        continue;
      }
      const rate = z.rate === undefined ? [] : ['rate', `${parseBitrate(z.rate, `${where}.rate`)}bit`];
      const argv = ['tc', '-n', fab, 'qdisc', 'add', 'dev', dev, 'root', 'netem', 'delay'];
      await mustNetem(run, [...argv, `${Math.round(z.delay * 1e6)}us`, ...rate, 'limit', '100000'], what);
    }
  }
}

/** netem for a delay; a kernel without it (sch_netem) gets a clear error instead of tc's. */
async function mustNetem(run: Runner, argv: string[], what: string): Promise<void> {
  try {
    await must(run, argv, what);
  } catch (e) {
    if (!(e instanceof CnibenchError) || !/qdisc kind is unknown/i.test(`${e.message} ${e.hint ?? ''}`))
      throw e;
    throw new CnibenchError(
      'KERNEL_UNSUPPORTED',
      `${what}: this kernel has no netem qdisc, which zones.delay needs`,
      {
        hint: 'load it (modprobe sch_netem) or leave zones.delay out (zones.rate needs only tbf)',
      },
    );
  }
}

/**
 * One node's fabric link (a veth pair: `eth0` in the node, `nodeN` in the fabric), its address,
 * forwarding, and its shaping: `linkRate` on the node's egress as before, or a `nodeLinks` rate
 * on both ends (both directions).
 */
export async function linkNode(
  run: Runner,
  plan: LabPlan,
  scenario: LabScenario,
  node: NodePlan,
): Promise<void> {
  const mtu = String(scenario.mtu);
  const fab = plan.fabricNetns;
  await must(
    run,
    [
      'ip',
      '-n',
      node.netns,
      'link',
      'add',
      'eth0',
      'mtu',
      mtu,
      'type',
      'veth',
      'peer',
      'name',
      node.name,
      'mtu',
      mtu,
      'netns',
      fab,
    ],
    `fabric link of ${node.name}`,
  );
  await must(
    run,
    ['ip', '-n', fab, 'link', 'set', node.name, 'master', bridgeOf(plan, node), 'up'],
    `fabric port of ${node.name}`,
  );
  await mustBatch(
    run,
    'ip',
    node.netns,
    [`addr add ${node.fabricIp}/${plan.fabricPrefix} dev eth0`, 'link set eth0 up'],
    `fabric address of ${node.name}`,
  );
  await must(
    run,
    inNetns(node.netns, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']),
    `IP forwarding in ${node.netns}`,
  );
  const both = nodeLinkRate(scenario, node);
  const where = `scenario ${scenario.name}`;
  if (both !== undefined) {
    await must(
      run,
      tbf(node.netns, 'eth0', both, `${where}: nodeLinks`),
      `shaping ${node.name}'s link to ${both} (out)`,
    );
    await must(
      run,
      tbf(fab, node.name, both, `${where}: nodeLinks`),
      `shaping ${node.name}'s link to ${both} (in)`,
    );
  } else if (scenario.linkRate !== undefined) {
    await must(
      run,
      tbf(node.netns, 'eth0', scenario.linkRate, `${where}: linkRate`),
      `shaping ${node.name}'s link to ${scenario.linkRate}`,
    );
  }
}

/** Every node's fabric link, several at once. */
export async function linkNodes(run: Runner, plan: LabPlan, scenario: LabScenario): Promise<void> {
  await mapLimit(plan.nodes, SETUP_CONCURRENCY, (node) => linkNode(run, plan, scenario, node));
}
