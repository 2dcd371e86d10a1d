import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandResult, Runner } from '../../../src/exec/runner.js';
import { buildFabric, linkNodes } from '../../../src/targets/lab/fabric.js';
import { makePlan, meshPodPlans, planNamespaces } from '../../../src/targets/lab/plan.js';
import { wireNative } from '../../../src/targets/lab/profiles/common.js';
import { LabScenario } from '../../../src/targets/lab/schema.js';
import { mapLimit } from '../../../src/util/pool.js';
import { result } from '../measure/fake-target.js';

const ok = (stdout = ''): CommandResult => result(stdout);

/** A runner that records every command (and its stdin) and succeeds. */
function recorder(): { run: Runner; lines: string[] } {
  const lines: string[] = [];
  const run: Runner = (argv, opts) => {
    lines.push(
      [...argv, ...(opts.input !== undefined ? ['<<', opts.input.trim().replace(/\n/g, ' | ')] : [])].join(
        ' ',
      ),
    );
    return Promise.resolve(ok());
  };
  return { run, lines };
}

test('a plan of N nodes: addresses, pod ranges and zones; the 2-node plan is as it was', () => {
  const two = makePlan('r1-s1');
  assert.deepEqual(
    two.nodes.map((n) => [n.name, n.fabricIp, n.podSubnet, n.zone]),
    [
      ['node1', '10.123.0.11', '10.124.1.0/24', undefined],
      ['node2', '10.123.0.12', '10.124.2.0/24', undefined],
    ],
  );
  assert.deepEqual(planNamespaces(two), [
    'cnb-r1-s1-fabric',
    'cnb-r1-s1-node1',
    'cnb-r1-s1-node2',
    'cnb-r1-s1-pod-a',
    'cnb-r1-s1-pod-b',
    'cnb-r1-s1-pod-c',
  ]);
  const p = makePlan('r1-s1', { nodes: 8, zones: 3 });
  assert.equal(p.nodes.length, 8);
  assert.equal(p.nodes[7]!.fabricIp, '10.123.0.18');
  assert.deepEqual(
    p.nodes.map((n) => n.zone),
    ['zone-a', 'zone-a', 'zone-a', 'zone-b', 'zone-b', 'zone-b', 'zone-c', 'zone-c'],
  );
  assert.equal(planNamespaces(p).length, 1 + 8 + 3, 'the placements still use node1 and node2 only');
  assert.deepEqual(meshPodPlans(p)[2]!.client.netns, 'cnb-r1-s1-node3-mc');
  assert.equal(makePlan('x', { nodes: 64 }).nodes[63]!.fabricIp, '10.123.0.74');
});

test('scenario checks: node count, zones and per-node links name the place and the fix', () => {
  const base = { name: 's', target: 'lab', profile: 'bridge-native' };
  assert.equal(LabScenario.safeParse({ ...base, nodes: 16 }).success, true);
  const bad = (extra: object): string => {
    const r = LabScenario.safeParse({ ...base, ...extra });
    assert.equal(r.success, false);
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
  assert.match(bad({ nodes: 1 }), /^nodes: /);
  assert.match(bad({ nodes: 65 }), /^nodes: /);
  assert.equal(
    bad({ nodes: 4, nodeLinks: [{ nodes: [5], rate: '100mbit' }] }),
    'nodeLinks.0.nodes.0: there is no node 5: the scenario has 4 nodes (set nodes: 5 or more)',
  );
  assert.equal(bad({ zones: { count: 3 } }), 'zones.count: 3 zones need at least as many nodes (nodes: 2)');
  assert.match(
    bad({ nodes: 4, nodeLinks: [{ nodes: [1], rate: 'fast' }] }),
    /nodeLinks\.0\.rate: write a rate like 1G or 100M/,
  );
});

test('the fabric: zone bridges joined to the core, a node link shaped both ways, routes in one batch per node', async () => {
  const scenario = LabScenario.parse({
    name: 's',
    target: 'lab',
    profile: 'bridge-native',
    nodes: 4,
    zones: { count: 2, rate: '1G' },
    linkRate: '10G',
    nodeLinks: [{ nodes: [3], rate: '100M' }],
  });
  const plan = makePlan('r', { nodes: 4, zones: 2 });
  const { run, lines } = recorder();
  await buildFabric(run, plan, scenario);
  await linkNodes(run, plan, scenario);
  await wireNative(run, plan);
  const has = (re: RegExp): void =>
    assert.ok(
      lines.some((l) => re.test(l)),
      `${String(re)} in\n${lines.join('\n')}`,
    );
  has(
    /^ip -n cnb-r-fabric -batch - << link add br0 type bridge \| link set br0 up \| link add bz0 type bridge .* link set zc1 master br0 up$/,
  );
  has(/^tc -n cnb-r-fabric qdisc add dev zu0 root tbf rate 1000000000bit /);
  has(/^tc -n cnb-r-fabric qdisc add dev zc1 root tbf rate 1000000000bit /);
  has(/^ip -n cnb-r-fabric link set node1 master bz0 up$/);
  has(/^ip -n cnb-r-fabric link set node4 master bz1 up$/);
  // node3: 100M in both directions instead of the scenario's 10G out
  has(/^tc -n cnb-r-node3 qdisc add dev eth0 root tbf rate 100000000bit /);
  has(/^tc -n cnb-r-fabric qdisc add dev node3 root tbf rate 100000000bit /);
  has(/^tc -n cnb-r-node1 qdisc add dev eth0 root tbf rate 10000000000bit /);
  assert.ok(
    !lines.some((l) => /dev node1 root tbf/.test(l)),
    'linkRate shapes only the node side, as before',
  );
  has(
    /^ip -n cnb-r-node2 -batch - << route add 10\.124\.1\.0\/24 via 10\.123\.0\.11 dev eth0 \| route add 10\.124\.3\.0\/24 via 10\.123\.0\.13 dev eth0 \| route add 10\.124\.4\.0\/24 via 10\.123\.0\.14 dev eth0$/,
  );
  assert.equal(lines.filter((l) => l.includes('route add')).length, 4, 'one process per node for its routes');
});

test('mapLimit: order kept, at most `limit` at once, the first failure after the others settle', async () => {
  let now = 0;
  let peak = 0;
  const r = await mapLimit([5, 1, 4, 2, 3], 2, async (x) => {
    peak = Math.max(peak, ++now);
    await new Promise((res) => setTimeout(res, x * 3));
    now--;
    return x * 10;
  });
  assert.deepEqual(r, [50, 10, 40, 20, 30]);
  assert.equal(peak, 2);
  let settled = 0;
  await assert.rejects(
    mapLimit([1, 2, 3], 3, async (x) => {
      await new Promise((res) => setTimeout(res, x * 5));
      settled++;
      if (x === 1) throw new Error('one');
    }),
    /one/,
  );
  assert.equal(settled, 3, 'the calls already running finished first');
});
