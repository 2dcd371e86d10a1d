import { KubernetesSettings, type KubernetesScenario } from '../../../src/targets/kubernetes/schema.js';
import type { Runner } from '../../../src/exec/runner.js';
import type { ToolNeed } from '../../../src/targets/provider.js';
import { KubeApi, type ConnectOptions } from '../../../src/targets/kubernetes/api/index.js';
import { KubernetesTarget } from '../../../src/targets/kubernetes/index.js';
import { FakeApiServer, type FakeOptions } from '../../helpers/fake-apiserver.js';
import type { ScenarioSession } from '../../../src/targets/target.js';

export const scenario: KubernetesScenario = {
  name: 'fake',
  target: 'kubernetes',
  waitFor: [],
  waitTimeout: 30,
};

export const noRunner: Runner = () => Promise.reject(new Error('no setup command expected'));

/** A fake API server and a target pointed at it, with short timeouts. */
export async function withFake(
  fakeOpts: FakeOptions = {},
  settings: Record<string, unknown> = {},
  connect: Partial<ConnectOptions> = {},
  tools: readonly ToolNeed[] = [],
): Promise<{ fake: FakeApiServer; target: KubernetesTarget; logs: string[]; apis: KubeApi[] }> {
  const fake = await new FakeApiServer(fakeOpts).start();
  const logs: string[] = [];
  const apis: KubeApi[] = [];
  const target = new KubernetesTarget({
    runId: 'r1',
    settings: KubernetesSettings.parse({ podReadyTimeout: '3s', ...settings }),
    log: (m) => logs.push(m),
    runner: noRunner,
    tools,
    kubeconfig: fake.kubeconfig,
    connect: (o) => {
      const api = new KubeApi({ ...o, backoffMs: 20, requestTimeoutMs: 2000, ...connect });
      apis.push(api);
      return api;
    },
  });
  return { fake, target, logs, apis };
}

export const signal = (): AbortSignal => new AbortController().signal;

/**
 * A scenario opened on a fake API server, given to `body`; the target is torn down and the
 * fake stopped afterwards, whatever happens.
 */
export async function withFakeSession(
  fakeOpts: FakeOptions,
  body: (session: ScenarioSession, fake: FakeApiServer) => Promise<void>,
  opened: KubernetesScenario = scenario,
): Promise<void> {
  const { fake, target } = await withFake(fakeOpts);
  try {
    await body(await target.openScenario(opened, signal()), fake);
  } finally {
    await target.teardown();
    await fake.stop();
  }
}
