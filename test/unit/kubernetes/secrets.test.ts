import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CnibenchError, toErrorData } from '../../../src/model/errors.js';
import { redact, REDACTED } from '../../../src/model/redact.js';
import { loadConfig } from '../../../src/targets/kubernetes/api/kubeconfig.js';
import { runCli } from '../../helpers/cli.js';
import { FakeApiServer } from '../../helpers/fake-apiserver.js';
import { scenario, signal, withFake } from './harness.js';

const TOKEN = 'sEcReTtOkEn-7f3a9c2e41';
const PASSWORD = 'hunter2-Pa55word';
const KEY = 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB';
const EXEC_SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCY';
const SECRETS = [TOKEN, PASSWORD, KEY, EXEC_SECRET];

/** A kubeconfig with every kind of credential, and a mistake (bad indentation) right among them. */
const BROKEN = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:1
users:
- name: u
  user:
    token: ${TOKEN}
    password: ${PASSWORD}
   client-key-data: ${KEY}
    exec:
      env:
      - name: AWS_SECRET_ACCESS_KEY
        value: ${EXEC_SECRET}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`;

function assertClean(text: string, where: string): void {
  for (const s of SECRETS)
    assert.ok(!text.includes(s), `${where} shows a secret (${s.slice(0, 6)}...):\n${text}`);
}

test('a malformed kubeconfig: the error names the place, never the credentials around it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-kc-'));
  const file = join(dir, 'kubeconfig');
  await writeFile(file, BROKEN);
  assert.throws(
    () => loadConfig({ kubeconfig: file }),
    (e: unknown) => {
      assert.ok(e instanceof CnibenchError);
      assert.equal(e.code, 'K8S_CONFIG');
      assert.match(e.message, /bad indentation.*\(12:/);
      assertClean(`${e.message}\n${e.hint ?? ''}\n${e.details ?? ''}`, 'the error');
      return true;
    },
  );
});

test('a run with a malformed kubeconfig saves its failure without the credentials, and prints none', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-kc-'));
  const file = join(dir, 'kubeconfig');
  await writeFile(file, BROKEN);
  const out = join(dir, 'out');
  const r = await runCli(
    [
      'run',
      '--target',
      'kubernetes',
      '--kubeconfig',
      file,
      '--suite',
      'quick',
      '--out',
      out,
      '--format',
      'json',
    ],
    {
      timeoutMs: 60_000,
    },
  );
  assert.equal(r.code, 1, r.stderr);
  assertClean(r.stdout + r.stderr, 'the output');
  const [saved] = await readdir(out);
  const text = await readFile(join(out, saved!), 'utf8');
  assert.match(text, /K8S_CONFIG/);
  assertClean(text, 'the result file');
});

test('credentials of a loaded kubeconfig are redacted wherever they turn up (an API server echoing them)', async () => {
  const fake = await new FakeApiServer().start();
  try {
    const text = (await readFile(fake.kubeconfig, 'utf8')).replace(
      'user: {token: fake-token}',
      `user: {token: ${TOKEN}, exec: {command: /bin/false, apiVersion: client.authentication.k8s.io/v1, args: [--password, ${PASSWORD}], env: [{name: API_KEY, value: ${EXEC_SECRET}}]}}`,
    );
    await writeFile(fake.kubeconfig, text);
    loadConfig({ kubeconfig: fake.kubeconfig });
    const echoed = new CnibenchError('K8S_API', `the server said: invalid bearer ${TOKEN} for ${PASSWORD}`, {
      details: `env ${EXEC_SECRET}`,
    });
    assertClean(`${echoed.message} ${echoed.details ?? ''}`, 'the error');
    assertClean(JSON.stringify(toErrorData(new Error(`token=${TOKEN}`))), 'an internal error');
  } finally {
    await fake.stop();
  }
});

test('a 401 whose body quotes the token is reported without it', async () => {
  const { fake, target } = await withFake();
  try {
    const kc = await readFile(fake.kubeconfig, 'utf8');
    await writeFile(fake.kubeconfig, kc.replace('fake-token', TOKEN));
    fake.faults.push({
      path: /./,
      status: 401,
      times: 100,
      body: { kind: 'Status', status: 'Failure', code: 401, message: `Unauthorized: token ${TOKEN} expired` },
    });
    await assert.rejects(target.openScenario(scenario, signal()), (e: unknown) => {
      assert.ok(e instanceof CnibenchError);
      assert.equal(e.code, 'K8S_FORBIDDEN', e.message);
      assert.match(e.message, /Unauthorized: token \[redacted\] expired/);
      assertClean(`${e.message}\n${e.details ?? ''}`, 'the error');
      return true;
    });
  } finally {
    await target.teardown().catch(() => undefined);
    await fake.stop();
  }
});

test('patterns catch credentials nobody registered, and leave ordinary text alone', () => {
  const cases: [string, string][] = [
    ['token: abc123xyz', `token: ${REDACTED}`],
    ['{"access_token":"zzz","x":1}', `{"access_token":"${REDACTED}","x":1}`],
    ['Authorization: Bearer abcdefghijk', `Authorization: Bearer ${REDACTED}`],
    ['https://bob:pw1234@h:6443/', `https://bob:${REDACTED}@h:6443/`],
    ['--token=abc --x y', `--token=${REDACTED} --x y`],
    ['id-token: eyJhbGciOi.eyJzdWIiOi.sig', `id-token: ${REDACTED}`],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', REDACTED],
    [
      'throughput: 9.5 Gbit/s, retransmits: 3, server 10.0.0.1:5201',
      'throughput: 9.5 Gbit/s, retransmits: 3, server 10.0.0.1:5201',
    ],
  ];
  for (const [input, want] of cases) assert.equal(redact(input), want, input);
});

test('redaction stays linear on hostile text', () => {
  for (const s of [
    'tokentoken'.repeat(50_000),
    'eyJ-'.repeat(100_000),
    'a.'.repeat(200_000),
    'x:'.repeat(200_000),
    'Bearer '.repeat(100_000),
  ]) {
    const t0 = Date.now();
    redact(s);
    assert.ok(Date.now() - t0 < 1500, `${s.slice(0, 8)}...: ${Date.now() - t0} ms`);
  }
});
