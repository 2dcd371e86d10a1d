import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import type { Pod } from '../../../src/targets/kubernetes/api/index.js';
import { NETWORKS_ANNOTATION } from '../../../src/targets/kubernetes/multus.js';
import { addressOf, parseNetworkStatus } from '../../../src/targets/kubernetes/network-status.js';
import { KubernetesScenario } from '../../../src/targets/kubernetes/schema.js';
import type { PreparedPath } from '../../../src/targets/target.js';
import { defaultExec } from '../../helpers/fake-apiserver-exec.js';
import type { FakeApiServer, FakeOptions } from '../../helpers/fake-apiserver.js';
import { scenario, signal, withFake, withFakeSession } from './harness.js';

const NAD = { namespace: 'default', name: 'macvlan-conf' };

/** Multus's documented network-status format (thick plugin, v4): the default network, then net1. */
const STATUS = `[{
    "name": "cbr0",
    "interface": "eth0",
    "ips": [
        "10.244.1.73"
    ],
    "mac": "ee:a6:0b:e9:45:59",
    "default": true,
    "dns": {}
},{
    "name": "default/macvlan-conf",
    "interface": "net1",
    "ips": [
        "192.168.1.205",
        "fd00:1::205"
    ],
    "mac": "86:1d:96:ff:55:0d",
    "dns": {}
}]`;

test('network-status: the non-default entry of the NetworkAttachmentDefinition, first IPv4 address', () => {
  const a = parseNetworkStatus(STATUS, NAD);
  assert.ok(!('reason' in a));
  assert.deepEqual(a, {
    name: 'default/macvlan-conf',
    interface: 'net1',
    ips: ['192.168.1.205', 'fd00:1::205'],
    mac: '86:1d:96:ff:55:0d',
  });
  assert.equal(addressOf(a), '192.168.1.205');
  assert.equal(addressOf({ ...a, ips: ['fd00:1::205'] }), 'fd00:1::205');
});

test('network-status: older Multus names the entry without its namespace', () => {
  const old = STATUS.replace('"default/macvlan-conf"', '"macvlan-conf"');
  const a = parseNetworkStatus(old, NAD);
  assert.equal('reason' in a ? a.reason : a.interface, 'net1');
});

test('network-status: what is wrong with the text, never a throw', () => {
  const reason = (text: string): string => {
    const r = parseNetworkStatus(text, NAD);
    assert.ok('reason' in r, text);
    return r.reason;
  };
  assert.match(reason('[{"name": "cbr0",'), /^is not JSON \(/);
  assert.match(reason('{"name": "cbr0"}'), /not a JSON array of interface entries/);
  assert.match(reason('[1, 2]'), /not a JSON array of interface entries/);
  assert.match(
    reason(STATUS.replace('default/macvlan-conf', 'default/other')),
    /no entry for default\/macvlan-conf \(entries: cbr0 \(default\), default\/other\)/,
  );
  assert.match(reason('[]'), /entries: none/);
  assert.match(
    reason(STATUS.replace('"interface": "net1"', '"interface": "../../etc"')),
    /entry default\/macvlan-conf names no usable interface \("..\/..\/etc"\)/,
  );
  assert.match(
    reason(STATUS.replace(/"192.168.1.205",\s*"fd00:1::205"/, '')),
    /entry default\/macvlan-conf \(net1\) has no addresses/,
  );
  // the default network's own entry is never taken for the secondary one
  assert.match(
    reason(
      STATUS.replace('"name": "default/macvlan-conf"', '"name": "x"').replace('"cbr0"', '"macvlan-conf"'),
    ),
    /no entry/,
  );
});

test('scenario secondaryNetwork: namespace/name, and a message that says how to write it', () => {
  const base = { name: 's', target: 'kubernetes' };
  assert.equal(
    KubernetesScenario.parse({ ...base, secondaryNetwork: 'default/macvlan-conf' }).secondaryNetwork,
    'default/macvlan-conf',
  );
  for (const bad of ['macvlan-conf', 'default/', 'Default/macvlan', 'a/b/c']) {
    const r = KubernetesScenario.safeParse({ ...base, secondaryNetwork: bad });
    assert.ok(!r.success, bad);
    assert.deepEqual(r.error.issues[0]?.path, ['secondaryNetwork']);
    assert.match(r.error.issues[0]?.message ?? '', /write namespace\/name of a NetworkAttachmentDefinition/);
  }
});

/** Secondary addresses the fake's Multus gives each pod. */
const NET1: Record<string, string> = {
  'srv-a': '192.168.50.10',
  'cli-a': '192.168.50.11',
  'cli-b': '192.168.50.12',
};

function send(res: ServerResponse, code: number, body: unknown): true {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

/**
 * A fake cluster with Multus: the `k8s.cni.cncf.io/v1` API, `default/macvlan-conf`, copies
 * created through it, and pods that ask for a network get Multus's network-status annotation.
 */
function multus(opts: { status?: (pod: Pod) => string; nads?: string[] } = {}): {
  fake: FakeOptions;
  copies: unknown[];
  checked: string[];
} {
  const copies: unknown[] = [];
  const checked: string[] = [];
  const nads = opts.nads ?? ['default/macvlan-conf'];
  const statusOf =
    opts.status ??
    ((p: Pod): string => {
      const name = p.metadata.annotations?.[NETWORKS_ANNOTATION] ?? '';
      const ip = NET1[p.metadata.name ?? ''] ?? '';
      return STATUS.replace('default/macvlan-conf', name).replace(
        /"192.168.1.205",\s*"fd00:1::205"/,
        `"${ip}"`,
      );
    });
  const route = (
    _f: FakeApiServer,
    method: string,
    path: string,
    body: unknown,
    res: ServerResponse,
  ): boolean => {
    if (path === '/apis/k8s.cni.cncf.io/v1')
      return send(res, 200, {
        kind: 'APIResourceList',
        groupVersion: 'k8s.cni.cncf.io/v1',
        resources: [
          { name: 'network-attachment-definitions', namespaced: true, kind: 'NetworkAttachmentDefinition' },
        ],
      });
    const m =
      /^\/apis\/k8s\.cni\.cncf\.io\/v1\/namespaces\/([^/]+)\/network-attachment-definitions(?:\/([^/]+))?$/.exec(
        path,
      );
    if (m === null) return false;
    if (method === 'POST') return (copies.push(body), send(res, 201, body));
    if (!nads.includes(`${m[1]}/${m[2]}`))
      return send(res, 404, {
        kind: 'Status',
        status: 'Failure',
        code: 404,
        reason: 'NotFound',
        message: `network-attachment-definitions.k8s.cni.cncf.io "${m[2]}" not found`,
      });
    return send(res, 200, {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: {
        name: m[2],
        namespace: m[1],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      spec: {
        config:
          '{"cniVersion":"0.3.1","type":"macvlan","master":"eth1","mode":"bridge","ipam":{"type":"whereabouts","range":"192.168.50.0/24"}}',
      },
    });
  };
  return {
    copies,
    checked,
    fake: {
      route,
      podAnnotations: (p) =>
        p.metadata.annotations?.[NETWORKS_ANNOTATION] === undefined
          ? undefined
          : { 'k8s.v1.cni.cncf.io/network-status': statusOf(p) },
      exec: (pod, argv, servers, stream) => {
        const a = argv[0] === 'timeout' ? argv.slice(4) : argv;
        if (a[0] === 'cat' && a[1] === '/sys/class/net/net1/mtu')
          return Promise.resolve({ stdout: '1450\n', exitCode: 0 });
        if (a[0] === 'sh' && (a[2] ?? '').includes('nc -z')) checked.push(`${pod} -> ${a[3] ?? ''}`);
        return defaultExec(pod, argv, servers, stream);
      },
    },
  };
}

const withNad = { ...scenario, secondaryNetwork: 'default/macvlan-conf' };

const reasonOf = (r: PreparedPath | { reason: string }): string => ('reason' in r ? r.reason : 'a path');

test('no Multus: secondary-network says so, the pods carry no annotation, the scenario opens', async () => {
  const { fake, target, logs } = await withFake();
  try {
    const session = await target.openScenario(withNad, signal());
    const why = session.supports('secondary-network');
    assert.deepEqual(why, {
      reason:
        'no NetworkAttachmentDefinition API (k8s.cni.cncf.io/v1): Multus is not installed (fix: install Multus, https://github.com/k8snetworkplumbingwg/multus-cni)',
    });
    assert.ok(logs.some((l) => /no secondary network: no NetworkAttachmentDefinition API/.test(l)));
    for (const p of fake.pods.values())
      assert.equal(p.metadata.annotations?.[NETWORKS_ANNOTATION], undefined);
    const path = await session.preparePath('same-node', signal());
    assert.match(
      reasonOf(await session.networkPath!(path, 'secondary', signal())),
      /Multus is not installed/,
    );
  } finally {
    await target.teardown();
    await fake.stop();
  }
});

test('a scenario without secondaryNetwork: the reason names it, and no Multus API is asked', async () => {
  const m = multus();
  await withFakeSession(m.fake, async (session, fake) => {
    assert.deepEqual(session.supports('secondary-network'), {
      reason:
        'scenario fake names no secondaryNetwork (set secondaryNetwork: namespace/name of a Multus NetworkAttachmentDefinition)',
    });
    assert.equal(fake.count('GET', /k8s\.cni\.cncf\.io/), 0);
  });
});

test('Multus without the named NetworkAttachmentDefinition: its name and the fix', async () => {
  const m = multus({ nads: [] });
  await withFakeSession(
    m.fake,
    async (session) => {
      const why = session.supports('secondary-network');
      assert.ok(why !== true);
      assert.match(
        why.reason,
        /^NetworkAttachmentDefinition default\/macvlan-conf not found \(fix: create it, or name an existing one in secondaryNetwork: kubectl get network-attachment-definitions -A\)$/,
      );
      assert.equal(m.copies.length, 0);
    },
    withNad,
  );
});

test('Multus: the copy in the run namespace, annotated pods, paths over net1 with its MTU', async () => {
  const m = multus();
  await withFakeSession(
    m.fake,
    async (session, fake) => {
      assert.equal(session.supports('secondary-network'), true);
      const ns = [...fake.namespaces.keys()][0]!;
      assert.equal(m.copies.length, 1);
      const copy = m.copies[0] as {
        metadata: { namespace: string; name: string; annotations?: object };
        spec: { config: string };
      };
      assert.equal(copy.metadata.namespace, ns);
      assert.equal(copy.metadata.name, 'macvlan-conf');
      assert.equal(copy.metadata.annotations, undefined, 'kubectl last-applied is not copied');
      assert.match(copy.spec.config, /"type":"macvlan"/);
      for (const p of fake.pods.values()) {
        const want = p.spec?.hostNetwork === true ? undefined : `${ns}/macvlan-conf`;
        assert.equal(p.metadata.annotations?.[NETWORKS_ANNOTATION], want, p.metadata.name);
      }
      const primary = await session.preparePath('cross-node', signal());
      const second = await session.networkPath!(primary, 'secondary', signal());
      assert.ok(!('reason' in second), reasonOf(second));
      assert.deepEqual(
        [second.client.id, second.client.address, second.client.mtu, second.server.id, second.server.address],
        ['cli-b', '192.168.50.12', 1450, 'srv-a', '192.168.50.10'],
      );
      assert.equal(second.serverAddress, '192.168.50.10');
      assert.equal(second.pathMtu, 1450);
      assert.equal(primary.client.address.startsWith('10.244.'), true, 'the primary path is unchanged');
      assert.ok(m.checked.includes('cli-b -> 192.168.50.10'), m.checked.join(', '));
      // prepared once per placement
      const again = await session.networkPath!(primary, 'secondary', signal());
      assert.equal(again, second);
      // commands still reach the pods at the secondary endpoints
      const r = await session.exec(second.client, ['true'], { timeoutMs: 5000 });
      assert.equal(r.exitCode, 0);
      const same = await session.networkPath!(
        await session.preparePath('same-node', signal()),
        'secondary',
        signal(),
      );
      assert.ok(!('reason' in same), reasonOf(same));
      assert.equal(same.client.address, '192.168.50.11');
      const host = await session.networkPath!(
        await session.preparePath('host', signal()),
        'secondary',
        signal(),
      );
      assert.match(reasonOf(host), /host-network pods get no Multus interfaces/);
      const svc = await session.networkPath!(
        await session.preparePath('service', signal()),
        'secondary',
        signal(),
      );
      assert.match(reasonOf(svc), /a Service translates to pods. primary addresses only/);
    },
    withNad,
  );
});

test('a malformed network-status annotation: a reason naming the pod, not a crash', async () => {
  const m = multus({ status: () => '[{"name": "cbr0", "default": true}, {"name": ' });
  await withFakeSession(
    m.fake,
    async (session) => {
      const path = await session.preparePath('same-node', signal());
      const r = await session.networkPath!(path, 'secondary', signal());
      assert.match(
        reasonOf(r),
        /^pod (cli-a|srv-a) \(namespace cnibench-r1\): its k8s\.v1\.cni\.cncf\.io\/network-status annotation is not JSON \(/,
      );
    },
    withNad,
  );
});

test('Multus attached nothing (no network-status on the pods): a reason with the fix', async () => {
  const m = multus();
  await withFakeSession(
    { ...m.fake, podAnnotations: () => undefined },
    async (session) => {
      const path = await session.preparePath('same-node', signal());
      const r = await session.networkPath!(path, 'secondary', signal());
      assert.match(
        reasonOf(r),
        /has no k8s\.v1\.cni\.cncf\.io\/network-status annotation: Multus did not attach default\/macvlan-conf \(fix: /,
      );
    },
    withNad,
  );
});
