import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mtuMistake } from '../../../src/analysis/beyond-notes.js';
import type { CommandResult } from '../../../src/exec/runner.js';
import { probePathMtu } from '../../../src/targets/path-mtu.js';
import { defaultExec, type FakeServers } from '../../helpers/fake-apiserver-exec.js';
import { fixture as saved } from '../../helpers/paths.js';
import { newResult } from '../../../src/engine/new-result.js';
import { tcpMeasurement } from '../../../src/measure/tcp.js';
import { TIMING } from '../measure/fake-target.js';
import { signal, withFakeSession } from './harness.js';

const fixture = (name: string): string => saved('ping', name);

/** DF pings over a path that carries `pathMtu`: what iputils printed for a fit and for a silent drop. */
function pingOver(
  pathMtu: number,
  argv: readonly string[],
): Pick<CommandResult, 'stdout' | 'stderr' | 'exitCode'> {
  const size = Number(argv[argv.indexOf('-s') + 1]);
  if (size + 28 <= pathMtu) return { stdout: fixture('size-1400.stdout'), stderr: '', exitCode: 0 };
  return { stdout: fixture('df-blackhole.stdout'), stderr: fixture('df-blackhole.stderr'), exitCode: 1 };
}

test('path MTU: the pod MTU when it fits, else a binary search through silent drops; unknown when nothing passes', async () => {
  const sizes: number[] = [];
  const at = (mtu: number) => (argv: readonly string[]) => {
    sizes.push(Number(argv[argv.indexOf('-s') + 1]) + 28);
    return Promise.resolve({ ...pingOver(mtu, argv), signal: null, durationMs: 1, timedOut: false });
  };
  assert.equal(await probePathMtu(at(1500), '10.244.1.2', 1500), 1500);
  assert.deepEqual(sizes, [1500], 'one probe when the pod MTU fits');
  assert.equal(await probePathMtu(at(1450), '10.244.1.2', 1500), 1450);
  assert.equal(
    await probePathMtu(at(500), '10.244.1.2', 1500),
    undefined,
    'ICMP blocked: unknown, not small',
  );
});

test('Kubernetes: a pod MTU above what the path carries is measured, and the report flags it', async () => {
  const fakeOpts = {
    exec: (pod: string, argv: string[], servers: FakeServers) => {
      const a = argv[0] === 'timeout' ? argv.slice(4) : argv;
      if (a[0] !== 'ping') return defaultExec(pod, argv, servers);
      const r = pingOver(1450, a);
      return Promise.resolve({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? 1 });
    },
  };
  await withFakeSession(fakeOpts, async (s) => {
    const cross = await s.preparePath('cross-node', signal());
    assert.equal(cross.client.mtu, 1500);
    assert.equal(cross.pathMtu, 1450);
    const variant = tcpMeasurement.plan({ kind: 'tcp' }, TIMING)[0]!;
    const flag = mtuMistake(newResult('fake', cross, variant));
    assert.match(flag?.message ?? '', /pod MTU 1500 is larger than the measured path MTU 1450/);
    // the ClusterIP answers no ping: its path MTU is the interfaces', not probed
    const svc = await s.preparePath('service', signal());
    assert.equal(svc.pathMtu, 1500);
  });
});
