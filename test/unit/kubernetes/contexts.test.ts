import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { KubernetesSettings } from '../../../src/targets/kubernetes/schema.js';
import { KubernetesTarget } from '../../../src/targets/kubernetes/index.js';
import { FakeApiServer } from '../../helpers/fake-apiserver.js';
import { noRunner, scenario, signal } from './harness.js';

test('scenarios on two contexts in one run: each connects to its own, --context is the default', async () => {
  const one = await new FakeApiServer().start();
  const two = await new FakeApiServer().start();
  // one kubeconfig with both clusters: context "fake" (the first) and "other" (the second)
  const server2 = /server: "([^"]+)"/.exec(readFileSync(two.kubeconfig, 'utf8'))![1]!;
  // the kubeconfig ends with its contexts list: add one, and a cluster before `users:`
  writeFileSync(
    one.kubeconfig,
    readFileSync(one.kubeconfig, 'utf8') + '- name: other\n  context: {cluster: other, user: fake}\n',
  );
  const text = readFileSync(one.kubeconfig, 'utf8').replace(
    'users:',
    `- name: other\n  cluster: {server: "${server2}", insecure-skip-tls-verify: true}\nusers:`,
  );
  writeFileSync(one.kubeconfig, text);
  const target = new KubernetesTarget({
    runId: 'ctx',
    settings: KubernetesSettings.parse({}),
    log: () => undefined,
    runner: noRunner,
    kubeconfig: one.kubeconfig,
    context: 'other',
  });
  try {
    const a = await target.openScenario({ ...scenario, name: 'a', context: 'fake' }, signal());
    assert.equal(a.environment['context'], 'fake');
    assert.equal(one.namespaces.size, 1);
    await a.close();
    assert.equal(one.namespaces.size, 0, "the first scenario's namespace is gone once it is closed");
    const b = await target.openScenario({ ...scenario, name: 'b' }, signal());
    assert.equal(b.environment['context'], 'other', '--context applies to scenarios without their own');
    assert.equal(two.namespaces.size, 1);
    await target.teardown();
    assert.equal(two.namespaces.size, 0);
  } finally {
    await one.stop();
    await two.stop();
  }
});
