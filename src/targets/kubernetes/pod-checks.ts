import { CnibenchError } from '../../model/errors.js';
import { describeExit, ok, tail, type CommandResult } from '../../exec/runner.js';
import type { Placement } from '../../model/placement.js';
import type {
  Endpoint,
  ExecOptions,
  PreparedPath,
  ResolverInfo,
  ServerHandle,
  ServerOptions,
} from '../target.js';
import { probePathMtu, type PingAt } from '../path-mtu.js';
import type { KubeApi, Service } from './api/index.js';
import { CHECK_PORT, SERVICE_NAME } from './manifests.js';

/** The two things these checks need from the target. */
export interface PodRunner {
  exec(ep: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult>;
  startServer(ep: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle>;
}

/** MTU of the interface an endpoint uses to reach `peer`. */
export async function measureMtu(pods: PodRunner, ep: Endpoint, peer: string): Promise<number | undefined> {
  if (peer === '') return undefined;
  const script =
    'dev=$(ip -o route get "$0" | sed -n "s/.* dev \\([^ ]*\\).*/\\1/p"); cat "/sys/class/net/${dev:-eth0}/mtu"';
  const r = await pods.exec(ep, ['sh', '-c', script, peer], { timeoutMs: 10_000 }).catch(() => undefined);
  const n = Number(r?.stdout.trim());
  return r !== undefined && ok(r) && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The path MTU as DF pings from the client find it (a pod MTU above it is the MTU mistake the
 * report flags). Not for the `service` placement, whose ClusterIP answers no ping; undefined
 * when the client's MTU is unknown or ICMP does not pass.
 */
export async function measurePathMtu(
  pods: PodRunner,
  path: PreparedPath,
  signal: AbortSignal,
): Promise<number | undefined> {
  const mtu = path.client.mtu;
  if (mtu === undefined || path.placement === 'service') return undefined;
  const ping: PingAt = (argv, timeoutMs) => pods.exec(path.client, argv, { timeoutMs, signal });
  return probePathMtu(ping, path.serverAddress, mtu).catch(() => undefined);
}

/** kube-proxy outside the cluster's DaemonSets (e.g. a system service): ask its metrics port on the node. */
export async function probeKubeProxy(pods: PodRunner, host: Endpoint | undefined): Promise<string | null> {
  if (host === undefined) return null;
  const argv = ['curl', '-s', '--max-time', '2', 'http://127.0.0.1:10249/proxyMode'];
  const r = await pods.exec(host, argv, { timeoutMs: 5000 }).catch(() => undefined);
  const mode = r?.stdout.trim() ?? '';
  return r !== undefined && ok(r) && /^[a-z]+$/.test(mode) ? `${mode} (from kube-proxy on the node)` : null;
}

/** Before any measurement: a TCP connection from client to server must succeed (SPEC 6.2), retried for a minute. */
export async function checkConnectivity(
  pods: PodRunner,
  path: { placement: Placement; client: Endpoint; server: Endpoint; address: string; ns: string },
  signal: AbortSignal,
): Promise<void> {
  const { client, server, address } = path;
  // nc prints nothing when it listens: it counts as started once it ran for 300 ms
  const srv = await pods.startServer(server, ['nc', '-lk', String(CHECK_PORT)], {
    readyTimeoutMs: 300,
    signal,
  });
  let r: CommandResult;
  try {
    const loop =
      'end=$(($(date +%s) + 60)); while [ "$(date +%s)" -lt "$end" ]; do nc -z -w 2 "$0" "$1" && exit 0; sleep 0.3; done; exit 1';
    r = await pods.exec(client, ['sh', '-c', loop, address, String(CHECK_PORT)], {
      timeoutMs: 90_000,
      signal,
    });
  } finally {
    await srv.stop().catch(() => undefined);
  }
  if (!ok(r)) {
    throw new CnibenchError(
      'NOT_REACHABLE',
      `${path.placement}: pod ${client.id} (node ${client.node}) cannot connect to ${address}:${CHECK_PORT} ` +
        `(pod ${server.id}, node ${server.node}) in namespace ${path.ns} (${describeExit(r)})`,
      {
        hint: 'the pod network does not pass traffic between these pods: check the CNI agents and NetworkPolicies',
        details: tail(`${r.stdout}\n${r.stderr}`),
      },
    );
  }
}

/** Cluster DNS (the kube-dns Service, else the pod's nameserver) and the run's Service name. */
export async function findResolver(
  pods: PodRunner,
  api: KubeApi,
  client: Endpoint,
  ns: string,
  serviceIP: string | undefined,
  signal: AbortSignal,
): Promise<ResolverInfo> {
  const r = await pods.exec(client, ['cat', '/etc/resolv.conf'], { timeoutMs: 10_000, signal });
  const conf = r.stdout;
  const search = /^search\s+(.*)$/m.exec(conf)?.[1]?.split(/\s+/) ?? [];
  const domain = search.find((d) => d.startsWith('svc.'))?.slice(4) ?? 'cluster.local';
  let server = /^nameserver\s+(\S+)/m.exec(conf)?.[1];
  try {
    const dns = await api.get<Service>('/api/v1/namespaces/kube-system/services/kube-dns', { signal });
    if (dns.spec?.clusterIP !== undefined && dns.spec.clusterIP !== 'None') server = dns.spec.clusterIP;
  } catch (e) {
    if (!(e instanceof CnibenchError) || (e.code !== 'K8S_NOT_FOUND' && e.code !== 'K8S_FORBIDDEN')) throw e;
  }
  if (server === undefined) {
    throw new CnibenchError(
      'K8S_NOT_FOUND',
      `no cluster DNS: no kube-dns Service and no nameserver in pod ${client.id}`,
      {
        hint: 'the cluster needs a DNS service (CoreDNS) for the dns measurement',
      },
    );
  }
  return { server, name: `${SERVICE_NAME}.${ns}.svc.${domain}`, ...(serviceIP ? { expect: serviceIP } : {}) };
}
