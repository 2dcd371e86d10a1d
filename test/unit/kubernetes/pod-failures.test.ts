import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CnibenchError } from '../../../src/model/errors.js';
import type { Pod } from '../../../src/targets/kubernetes/api/index.js';
import { readyStatus } from '../../helpers/fake-apiserver.js';
import { scenario, signal, withFake } from './harness.js';

function onlySrv(bad: Pod['status']): (p: Pod, i: number) => Pod['status'] {
  return (p, i) => (p.metadata.name === 'srv-a' ? bad : readyStatus(`10.244.0.${i + 2}`));
}

async function prepareError(
  status: (p: Pod, i: number) => Pod['status'],
): Promise<{ e: CnibenchError; ms: number; left: number }> {
  const { fake, target } = await withFake({ podStatus: status }, { podReadyTimeout: '2s' });
  const t0 = Date.now();
  try {
    await target.openScenario(scenario, signal());
  } catch (e) {
    assert.ok(e instanceof CnibenchError);
    const left = fake.namespaces.size;
    await fake.stop();
    return { e, ms: Date.now() - t0, left };
  }
  await fake.stop();
  assert.fail('expected a failure');
}

test('ImagePullBackOff: the expired wait names the pod, the image and the pull error', async () => {
  const { e, left } = await prepareError(
    onlySrv({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      containerStatuses: [
        {
          name: 'tools',
          ready: false,
          restartCount: 0,
          image: 'ghcr.io/cnibench/tools:0.1.0',
          state: {
            waiting: {
              reason: 'ImagePullBackOff',
              message: 'Back-off pulling image "ghcr.io/cnibench/tools:0.1.0"',
            },
          },
        },
      ],
    }),
  );
  assert.equal(e.code, 'K8S_WAIT_EXPIRED');
  assert.match(e.message, /timed out after 2 s waiting for pods to be Ready in namespace cnibench-r1/);
  assert.match(
    e.message,
    /srv-a: ImagePullBackOff: image ghcr\.io\/cnibench\/tools:0\.1\.0: Back-off pulling image/,
  );
  assert.doesNotMatch(e.message, /cli-a/, 'only the pods that are not Ready are listed');
  assert.match(
    e.hint ?? '',
    /docker build -t ghcr\.io\/cnibench\/tools:0\.1\.0 images\/tools && docker push/,
  );
  assert.match(e.hint ?? '', /kubernetes\.imagePullSecrets/);
  assert.equal(left, 0, 'namespace deleted');
});

test("Unschedulable: the expired wait carries the scheduler's message", async () => {
  const msg = "0/1000 nodes are available: 2 Insufficient cpu, 998 node(s) didn't match node selector.";
  const { e, left } = await prepareError(
    onlySrv({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }],
    }),
  );
  assert.equal(e.code, 'K8S_WAIT_EXPIRED');
  assert.ok(e.message.includes(`srv-a: Unschedulable: ${msg}`), e.message);
  assert.match(e.hint ?? '', /kubernetes\.requests/);
  assert.equal(left, 0);
});

test('CrashLoopBackOff: fails without waiting for the timeout, with the last exit', async () => {
  const { e, ms, left } = await prepareError(
    onlySrv({
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'False' },
      ],
      containerStatuses: [
        {
          name: 'tools',
          ready: false,
          restartCount: 4,
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' },
          },
          lastState: { terminated: { exitCode: 127, reason: 'Error', message: 'sleep: not found' } },
        },
      ],
    }),
  );
  assert.equal(e.code, 'K8S_POD_FAILED');
  assert.match(
    e.message,
    /srv-a: CrashLoopBackOff: container tools restarted 4 times; last exit code 127 \(Error\): sleep: not found/,
  );
  assert.ok(ms < 2000, `failed early (${ms} ms)`);
  assert.equal(left, 0);
});
