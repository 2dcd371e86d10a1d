import { ok } from '../../exec/runner.js';
import type { Endpoint, PreparedPath } from '../target.js';
import type { KubeApi, Pod } from './api/index.js';
import { noSecondaryNetwork, type MultusNetwork, type SecondaryNetwork } from './multus.js';
import { addressOf, NETWORK_STATUS, OLD_NETWORK_STATUS, parseNetworkStatus } from './network-status.js';
import { checkConnectivity, measurePathMtu, type PodRunner } from './pod-checks.js';
import { OncePerKey } from '../../util/once-per-key.js';

/** What the secondary paths of a scenario need from its session. */
export interface SecondaryInputs {
  scenario: string;
  api: KubeApi;
  ns: string;
  /** Undefined when the scenario was opened without looking (as if it named none). */
  secondary: SecondaryNetwork | undefined;
  pods: PodRunner;
}

type Outcome = PreparedPath | { reason: string };

const SERVICE_REASON =
  'a Service translates to pods\u2019 primary addresses only; the secondary network has none';
const HOST_REASON = 'host-network pods get no Multus interfaces: the host placement has no secondary network';

/**
 * A Kubernetes placement over the pods' Multus interface: the same two pods, by the addresses
 * Multus recorded in their network-status annotations, with the interface's MTU, once a TCP
 * connection passes over it. Each placement is prepared once; a failure is tried again.
 */
export class SecondaryPaths {
  private readonly prepared = new OncePerKey<string, Outcome>();

  constructor(private readonly q: SecondaryInputs) {}

  path(primary: PreparedPath, signal: AbortSignal): Promise<Outcome> {
    return this.prepared.get(primary.placement, () => this.prepare(primary, signal));
  }

  private async prepare(primary: PreparedPath, signal: AbortSignal): Promise<Outcome> {
    const s = this.q.secondary ?? noSecondaryNetwork(this.q.scenario);
    if ('reason' in s) return s;
    if (primary.placement === 'service') return { reason: SERVICE_REASON };
    if (primary.placement === 'host') return { reason: HOST_REASON };
    const [client, server] = await Promise.all([
      this.endpoint(primary.client, s.network, signal),
      this.endpoint(primary.server, s.network, signal),
    ]);
    if ('reason' in client) return client;
    if ('reason' in server) return server;
    const { placement } = primary;
    await checkConnectivity(
      this.q.pods,
      { placement, client, server, address: server.address, ns: this.q.ns },
      signal,
    );
    const mtus = [client.mtu, server.mtu].filter((m): m is number => m !== undefined);
    const path: PreparedPath = { placement, client, server, serverAddress: server.address };
    // the interfaces' MTUs, lowered to what DF pings find the secondary fabric carries
    const measured = await measurePathMtu(this.q.pods, path, signal);
    const pathMtu = Math.min(...mtus, measured ?? Infinity);
    return Number.isFinite(pathMtu) ? { ...path, pathMtu } : path;
  }

  /** One pod by its Multus interface: address from its annotation, MTU measured in the pod. */
  private async endpoint(
    ep: Endpoint,
    network: MultusNetwork,
    signal: AbortSignal,
  ): Promise<Endpoint | { reason: string }> {
    const where = `pod ${ep.id} (namespace ${this.q.ns})`;
    const pod = await this.q.api.get<Pod>(`/api/v1/namespaces/${this.q.ns}/pods/${ep.id}`, { signal });
    const notes = pod.metadata.annotations ?? {};
    const text = notes[NETWORK_STATUS] ?? notes[OLD_NETWORK_STATUS];
    if (text === undefined)
      return {
        reason: `${where} has no ${NETWORK_STATUS} annotation: Multus did not attach ${network.ref} (fix: check that Multus is the nodes' CNI entry point and read its logs)`,
      };
    const a = parseNetworkStatus(text, network);
    if ('reason' in a) return { reason: `${where}: its ${NETWORK_STATUS} annotation ${a.reason}` };
    const mtu = await interfaceMtu(this.q.pods, ep, a.interface, signal);
    const { mtu: _primaryMtu, ...rest } = ep;
    return { ...rest, address: addressOf(a), ...(mtu !== undefined ? { mtu } : {}) };
  }
}

/** The MTU of one interface in the pod, when it can be read. */
async function interfaceMtu(
  pods: PodRunner,
  ep: Endpoint,
  iface: string,
  signal: AbortSignal,
): Promise<number | undefined> {
  const r = await pods
    .exec(ep, ['cat', `/sys/class/net/${iface}/mtu`], { timeoutMs: 10_000, signal })
    .catch(() => undefined);
  const n = Number(r?.stdout.trim());
  return r !== undefined && ok(r) && Number.isInteger(n) && n > 0 ? n : undefined;
}
