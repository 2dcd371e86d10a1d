import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CnibenchError } from '../../../src/model/errors.js';
import { parseWait, PROBE_S } from '../../../src/targets/kubernetes/policy-enforcement.js';
import type { ScenarioSession } from '../../../src/targets/target.js';
import type { FakeApiServer } from '../../helpers/fake-apiserver.js';
import { defaultExec, type FakeServers } from '../../helpers/fake-apiserver-exec.js';
import { FakePolicyCni } from '../../helpers/fake-policy-cni.js';
import { signal, withFakeSession } from './harness.js';

/** A scenario on the fake API server whose CNI is `cni`; `body` gets its session. */
function withPolicyCni(
  cni: FakePolicyCni,
  body: (s: ScenarioSession, fake: FakeApiServer) => Promise<void>,
): Promise<void> {
  const box: { server?: FakeApiServer } = {};
  const podOf = (address: string): string =>
    [...(box.server?.pods.values() ?? [])].find((p) => p.status?.podIP === address)?.metadata.name ?? '';
  const fakeOpts = {
    route: cni.route,
    exec: (pod: string, argv: string[], servers: FakeServers) => {
      const answer = cni.exec(pod, argv, podOf);
      return answer !== undefined ? Promise.resolve(answer) : defaultExec(pod, argv, servers);
    },
  };
  return withFakeSession(fakeOpts, (s, fake) => {
    box.server = fake;
    return body(s, fake);
  });
}

test('a CNI that enforces NetworkPolicy passes the probe, which leaves no policy behind', async () => {
  const cni = new FakePolicyCni({ enforce: true });
  await withPolicyCni(cni, async (s, fake) => {
    assert.equal(s.supports('network-policy'), true);
    assert.equal(s.supports('policy-enforced'), true);
    const path = await s.preparePath('cross-node', signal());
    assert.equal(await s.checkCapability!('policy-enforced', path, signal()), true);
    assert.equal(cni.created, 1, 'the deny-all probe policy');
    assert.equal(cni.policies.size, 0, 'removed after the probe');
    // once per placement: a second variant does not probe again
    const posts = fake.count('POST', /networkpolicies/);
    assert.equal(await s.checkCapability!('policy-enforced', path, signal()), true);
    assert.equal(fake.count('POST', /networkpolicies/), posts);
  });
});

test('a CNI that does not enforce NetworkPolicy is reported as such, not measured as free', async () => {
  const cni = new FakePolicyCni({ enforce: false });
  await withPolicyCni(cni, async (s) => {
    const path = await s.preparePath('cross-node', signal());
    const r = await s.checkCapability!('policy-enforced', path, signal());
    assert.notEqual(r, true);
    const reason = r === true ? '' : r.reason;
    assert.match(reason, /^policies not enforced: a deny-all NetworkPolicy on pod srv-a left pod cli-b/);
    assert.match(reason, new RegExp(`for ${PROBE_S} s`));
    assert.equal(cni.policies.size, 0);
  });
});

test('N policies: created, enforced (the other pod blocked, the client allowed), then removed', async () => {
  const cni = new FakePolicyCni({ enforce: true });
  await withPolicyCni(cni, async (s) => {
    const path = await s.preparePath('cross-node', signal());
    const none = await s.programPolicies!(path, { count: 0, mode: 'cni', port: 5201 }, signal());
    assert.equal(none.rules, 0);
    assert.equal(cni.created, 0);
    const set = await s.programPolicies!(path, { count: 100, mode: 'cni', port: 5201 }, signal());
    assert.equal(set.rules, 100);
    assert.equal(cni.policies.size, 100);
    assert.match(
      set.notes?.join('\n') ?? '',
      /100 NetworkPolicies created and enforced in \d+ ms \(pod cli-a blocked, client allowed\)/,
    );
    assert.equal(cni.allowed('cli-b', 'srv-a', 5201), true, 'the client, on the measured port');
    assert.equal(cni.allowed('cli-a', 'srv-a', 5201), false, 'any other pod');
    await set.remove();
    assert.equal(cni.policies.size, 0);
    assert.equal(cni.allowed('cli-a', 'srv-a', 5201), true);
  });
});

test('policies the CNI never lets the client through: a clear error, and the policies are removed', async () => {
  const cni = new FakePolicyCni({ enforce: true, neverAllow: 'cli-b' });
  await withPolicyCni(cni, async (s) => {
    const path = await s.preparePath('cross-node', signal());
    await assert.rejects(
      s.programPolicies!(path, { count: 10, mode: 'cni', port: 5201 }, signal()),
      (e: CnibenchError) =>
        e.code === 'K8S_WAIT_EXPIRED' &&
        /the last of 10 NetworkPolicies did not let pod cli-b reach pod srv-a within 31 s/.test(e.message),
    );
    assert.equal(cni.policies.size, 0);
  });
});

test('no permission to create NetworkPolicy: skipped with the reason, no crash', async () => {
  const cni = new FakePolicyCni({ enforce: true, refuseCreate: 403 });
  await withPolicyCni(cni, async (s) => {
    const path = await s.preparePath('cross-node', signal());
    const r = await s.checkCapability!('policy-enforced', path, signal());
    assert.match(r === true ? '' : r.reason, /may not create NetworkPolicy objects in namespace cnibench-r1/);
  });
});

test("the lab's own rule modes are skipped on Kubernetes with the fix, and host paths have no server pod", async () => {
  const cni = new FakePolicyCni({ enforce: true });
  await withPolicyCni(cni, async (s) => {
    const rules = s.supports('policy-rules');
    assert.match(rules === true ? '' : rules.reason, /modes: \[cni\]/);
    const host = await s.preparePath('host', signal());
    const r = await s.checkCapability!('policy-enforced', host, signal());
    assert.match(r === true ? '' : r.reason, /the host placement's server is not a pod network pod/);
    assert.equal(cni.created, 0);
  });
});

test('the connection loop: its two answers, and anything else is a coded error', () => {
  // as printed in the tools image on the test cluster
  assert.equal(
    parseWait('reached 1042\n', () => ''),
    1042,
  );
  assert.equal(
    parseWait('still open\n', () => ''),
    undefined,
  );
  assert.throws(
    () => parseWait('sh: 1: nc: not found\n', () => 'exit 127'),
    (e: CnibenchError) => e.code === 'TOOL_OUTPUT_INVALID' && /netcat-openbsd/.test(e.hint ?? ''),
  );
});
