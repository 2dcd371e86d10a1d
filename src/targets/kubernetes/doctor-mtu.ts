import type { Check } from '../../model/check.js';
import type { KubeApi, Pod } from './api/index.js';
import { measureMtu, type PodRunner } from './pod-checks.js';
import { directExec } from './pod-exec.js';
import { probePathMtu } from '../path-mtu.js';

const NAME = 'pod MTU';

/**
 * The MTU mistake, before any run: the client pod's interface MTU against the path MTU DF pings
 * find from it to the server pod on the other node. A pod MTU above the path's is the overlay
 * that cannot carry full-size packets (fragmented, or dropped where ICMP is filtered).
 */
export async function checkPodMtu(
  api: KubeApi,
  ns: string,
  client: Pod,
  server: Pod,
  signal: AbortSignal,
): Promise<Check> {
  const name = client.metadata.name ?? '';
  const address = server.status?.podIP ?? '';
  const run = directExec(api, ns, name);
  const pods: PodRunner = {
    exec: (_ep, argv, o) => run.exec(argv, o),
    startServer: (_ep, argv, o) => run.startServer(argv, o),
  };
  const ep = { id: name, node: client.spec?.nodeName ?? '', address: client.status?.podIP ?? '' };
  const where = `${client.spec?.nodeName ?? '?'} to ${server.spec?.nodeName ?? '?'}`;
  const mtu = await measureMtu(pods, ep, address);
  if (mtu === undefined)
    return {
      name: NAME,
      ok: false,
      optional: true,
      detail: `not checked: the pod's interface MTU could not be read (${where})`,
    };
  const path = await probePathMtu(
    (argv, timeoutMs) => run.exec(argv, { timeoutMs, signal }),
    address,
    mtu,
  ).catch(() => undefined);
  if (path === undefined)
    return {
      name: NAME,
      ok: false,
      optional: true,
      detail: `pod MTU ${mtu}; the path MTU from ${where} is unknown (no DF ping passed: ICMP filtered?)`,
    };
  if (path >= mtu)
    return { name: NAME, ok: true, detail: `pod MTU ${mtu}, carried by the path from ${where}` };
  return {
    name: NAME,
    ok: false,
    detail: `pod MTU ${mtu} is larger than the path MTU ${path} from ${where}: full-size packets are fragmented or dropped, and throughput collapses`,
    fix: `set the CNI's MTU to ${path} or less (its overlay header must fit in the nodes' MTU)`,
  };
}
