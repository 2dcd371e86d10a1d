import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabProfileName } from '../../src/targets/lab/profiles/index.js';
import { runCommand } from '../../src/exec/runner.js';
import type { Placement } from '../../src/model/placement.js';
import { LabTarget } from '../../src/targets/lab/lab-target.js';
import type { LabScenario } from '../../src/targets/lab/schema.js';
import { namespaces } from '../helpers/cli.js';
import { rootSkip } from '../helpers/root.js';

const skip = rootSkip();

/** Builds one profile, sends 50 pings per placement, and reports what the node's datapath counted. */
async function observe(
  profile: LabProfileName,
  placements: Placement[],
  counter: (node1: string) => Promise<number>,
): Promise<Record<string, number>> {
  const runId = `dp${profile.replace(/[^a-z]/g, '').slice(0, 4)}`;
  const target = new LabTarget({
    runId,
    pluginDir: '/usr/lib/cni',
    stateDir: await mkdtemp(join(tmpdir(), 'cnb-state-')),
  });
  const signal = new AbortController().signal;
  const counts: Record<string, number> = {};
  try {
    const ref: LabScenario = { name: profile, target: 'lab', profile, mtu: 1500 };
    const session = await target.openScenario(ref, signal);
    assert.equal(session.environment.profile, profile);
    for (const placement of placements) {
      const path = await session.preparePath(placement, signal);
      const before = await counter(`cnb-${runId}-s1-node1`);
      const ping = await session.exec(
        path.client,
        ['ping', '-c', '50', '-i', '0.01', '-q', path.serverAddress],
        { timeoutMs: 20_000 },
      );
      assert.equal(ping.exitCode, 0, ping.stdout + ping.stderr);
      counts[placement] = (await counter(`cnb-${runId}-s1-node1`)) - before;
    }
  } finally {
    await target.teardown();
  }
  assert.deepEqual(namespaces(`cnb-${runId}-`), []);
  return counts;
}

async function forwarded(netns: string): Promise<number> {
  await runCommand(['ip', 'netns', 'exec', netns, 'iptables', '-C', 'FORWARD', '-j', 'ACCEPT'], {
    timeoutMs: 5000,
  }).then(async (r) => {
    if (r.exitCode !== 0)
      await runCommand(['ip', 'netns', 'exec', netns, 'iptables', '-A', 'FORWARD', '-j', 'ACCEPT'], {
        timeoutMs: 5000,
      });
  });
  const r = await runCommand(['ip', 'netns', 'exec', netns, 'iptables', '-L', 'FORWARD', '-v', '-n', '-x'], {
    timeoutMs: 5000,
  });
  return Number(r.stdout.split('\n')[2]?.trim().split(/\s+/)[0] ?? NaN);
}

async function vxlanTx(netns: string): Promise<number> {
  const r = await runCommand(
    ['ip', 'netns', 'exec', netns, 'cat', '/sys/class/net/vxlan0/statistics/tx_packets'],
    { timeoutMs: 5000 },
  );
  return Number(r.stdout.trim());
}

test(
  'ptp-native routes pod traffic through the node stack (netfilter FORWARD sees it)',
  { skip, timeout: 60_000 },
  async () => {
    const c = await observe('ptp-native', ['cross-node', 'same-node'], forwarded);
    assert.equal(c['cross-node'], 100, 'echo requests out and replies in');
    assert.equal(c['same-node'], 100);
  },
);

test(
  'the ebpf profile bypasses the node stack: bpf_redirect_peer/neigh, FORWARD sees nothing',
  { skip, timeout: 60_000 },
  async () => {
    const c = await observe('ebpf', ['cross-node', 'same-node'], forwarded);
    assert.deepEqual(c, { 'cross-node': 0, 'same-node': 0 });
  },
);

test(
  'vxlan carries cross-node pod traffic through the VTEP, and the host baseline not',
  { skip, timeout: 60_000 },
  async () => {
    const c = await observe('vxlan', ['cross-node', 'host', 'same-node'], vxlanTx);
    assert.ok(c['cross-node']! >= 50, `VTEP sent ${c['cross-node']} packets`);
    assert.equal(c.host, 0);
    assert.equal(c['same-node'], 0);
  },
);
