import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { runCli } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/paths.js';

/** A Kubernetes object as far as these checks read it. */
interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  [field: string]: unknown;
}

function objects(file: string): K8sObject[] {
  const text = readFileSync(join(REPO_ROOT, 'deploy', file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as K8sObject);
}

function one<T>(objs: K8sObject[], kind: string): T {
  const found = objs.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0] as T;
}

interface Mount {
  name: string;
  mountPath: string;
}
interface Container {
  image: string;
  args?: string[];
  volumeMounts: Mount[];
}
interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  configMap?: { name: string };
}
interface PodSpec {
  serviceAccountName?: string;
  containers: Container[];
  volumes: Volume[];
}
interface Job extends K8sObject {
  spec: { template: { spec: PodSpec } };
}
interface ConfigMap extends K8sObject {
  data: Record<string, string>;
}
interface Binding extends K8sObject {
  roleRef: { kind: string; name: string };
  subjects: { kind: string; name: string; namespace: string }[];
}

const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const rbac = objects('rbac.yaml');
const jobFile = objects('job.yaml');
const job = one<Job>(jobFile, 'Job');
const pod = job.spec.template.spec;
const container = pod.containers[0]!;

function mountOf(volume: (v: Volume) => boolean): string {
  const v = pod.volumes.find(volume);
  assert.ok(v, 'volume defined');
  const m = container.volumeMounts.find((x) => x.name === v.name);
  assert.ok(m, `volume ${v.name} mounted`);
  return m.mountPath;
}

test('the Job runs as a ServiceAccount bound to the ClusterRole of deploy/rbac.yaml, in its namespace', () => {
  const role = one<K8sObject>(rbac, 'ClusterRole');
  const namespace = one<K8sObject>(rbac, 'Namespace').metadata.name;
  const sa = one<K8sObject>(jobFile, 'ServiceAccount');
  const binding = one<Binding>(jobFile, 'ClusterRoleBinding');
  assert.deepEqual(binding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: role.metadata.name,
  });
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace }]);
  assert.equal(pod.serviceAccountName, sa.metadata.name);
  for (const o of jobFile.filter((x) => x.kind !== 'ClusterRoleBinding')) {
    assert.equal(o.metadata.namespace, namespace, `${o.kind} ${o.metadata.name} in ${namespace}`);
  }
});

test('the Job writes to the claim the reader pod mounts, with the images of this version', () => {
  const claim = one<K8sObject>(jobFile, 'PersistentVolumeClaim').metadata.name;
  const args = container.args ?? [];
  assert.equal(
    args[args.indexOf('--out-dir') + 1],
    mountOf((v) => v.persistentVolumeClaim?.claimName === claim),
  );
  const reader = one<{ spec: PodSpec }>(objects('job-results.yaml'), 'Pod').spec;
  assert.equal(reader.volumes[0]?.persistentVolumeClaim?.claimName, claim);
  assert.equal(container.image, `ghcr.io/cnibench/cnibench:${version}`);
  assert.equal(reader.containers[0]?.image, container.image);
  const config = parse(one<ConfigMap>(jobFile, 'ConfigMap').data['cnibench.yaml']!) as {
    kubernetes: { image: string };
  };
  assert.equal(config.kubernetes.image, `ghcr.io/cnibench/tools:${version}`);
});

test('the CLI accepts the Job arguments and its ConfigMap, up to reaching the cluster', async () => {
  const cm = one<ConfigMap>(jobFile, 'ConfigMap');
  const dir = await mkdtemp(join(tmpdir(), 'cnb-job-'));
  const configDir = mountOf((v) => v.configMap?.name === cm.metadata.name);
  const args = (container.args ?? []).map((a) => {
    if (a.startsWith(`${configDir}/`)) return join(dir, a.slice(configDir.length + 1));
    return a === '/results' ? join(dir, 'results') : a;
  });
  for (const [name, text] of Object.entries(cm.data)) await writeFile(join(dir, name), text);
  // a kubeconfig that does not exist: the run stops where it would connect, before any traffic
  const r = await runCli([...args, '--kubeconfig', join(dir, 'no-kubeconfig')], { timeoutMs: 60_000 });
  assert.doesNotMatch(r.stderr, /CONFIG_INVALID|USAGE/);
  assert.match(r.stderr, /\[K8S_CONFIG\] cannot load kubeconfig/);
  assert.equal(r.code, 1);
  const [result] = (await readdir(join(dir, 'results'))).filter((f) => /^cnibench-.*\.json$/.test(f));
  assert.ok(result, 'a result file in the --out-dir directory');
  const doc = JSON.parse(await readFile(join(dir, 'results', result), 'utf8')) as {
    run: { target: string; suite: string };
    scenarios: { name: string; status: string }[];
  };
  assert.deepEqual([doc.run.target, doc.run.suite], ['kubernetes', 'standard']);
  assert.deepEqual(
    doc.scenarios.map((s) => [s.name, s.status]),
    [['in-cluster', 'failed']],
  );
});

test('the krew manifest template names the plugin after its file and runs the packaged CLI entry', () => {
  const manifest = parse(readFileSync(join(REPO_ROOT, 'deploy', 'krew', 'cnibench.yaml'), 'utf8')) as {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    spec: { version: string; platforms: { uri: string; sha256: string; bin: string; files: unknown[] }[] };
  };
  assert.equal(manifest.apiVersion, 'krew.googlecontainertools.github.com/v1alpha2');
  assert.deepEqual([manifest.kind, manifest.metadata.name], ['Plugin', 'cnibench']);
  assert.equal(manifest.spec.version, '@TAG@');
  for (const p of manifest.spec.platforms) {
    assert.deepEqual([p.uri, p.sha256], ['@URI@', '@SHA256@']);
    assert.equal(p.bin, 'dist/src/cli/bin.js');
    assert.deepEqual(p.files, [{ from: 'cnibench/*', to: '.' }]);
  }
});
