/** Multus's record of a pod's interfaces (v3.7 and later); older releases wrote `networks-status`. */
export const NETWORK_STATUS = 'k8s.v1.cni.cncf.io/network-status';
export const OLD_NETWORK_STATUS = 'k8s.v1.cni.cncf.io/networks-status';

/** One secondary interface of a pod, as Multus reported it. */
export interface Attachment {
  /** The entry's name: `namespace/name` of the NetworkAttachmentDefinition (older Multus: `name`). */
  name: string;
  /** The interface in the pod, e.g. `net1`. */
  interface: string;
  ips: string[];
  mac?: string;
}

/** A Linux interface name (at most 15 bytes), safe to put in a path. */
const IFACE = /^[A-Za-z0-9_.-]{1,15}$/;

type Entry = Record<string, unknown>;

const isEntry = (x: unknown): x is Entry => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The entry of a pod's network-status annotation for a NetworkAttachmentDefinition, matched by
 * `namespace/name` or, as older Multus writes it, `name`. Pure: the annotation's text in, the
 * attachment or what is wrong with the text out.
 */
export function parseNetworkStatus(
  text: string,
  nad: { namespace: string; name: string },
): Attachment | { reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { reason: `is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!Array.isArray(parsed) || !parsed.every(isEntry))
    return { reason: 'is not a JSON array of interface entries' };
  const wanted = [`${nad.namespace}/${nad.name}`, nad.name];
  const entry = parsed.find((e) => e['default'] !== true && wanted.includes(String(e['name'])));
  if (entry === undefined) {
    const names = parsed.map((e) => `${String(e['name'])}${e['default'] === true ? ' (default)' : ''}`);
    return { reason: `has no entry for ${wanted[0]} (entries: ${names.join(', ') || 'none'})` };
  }
  return attachmentOf(entry);
}

/** One entry's interface and addresses, checked. */
function attachmentOf(e: Entry): Attachment | { reason: string } {
  const name = String(e['name']);
  const iface = e['interface'];
  if (typeof iface !== 'string' || !IFACE.test(iface))
    return { reason: `entry ${name} names no usable interface (${JSON.stringify(iface ?? null)})` };
  const ips = e['ips'];
  if (!Array.isArray(ips) || ips.length === 0 || !ips.every((ip) => typeof ip === 'string' && ip !== ''))
    return { reason: `entry ${name} (${iface}) has no addresses: its IPAM gave it none` };
  const mac = e['mac'];
  return { name, interface: iface, ips, ...(typeof mac === 'string' ? { mac } : {}) };
}

/** The address to measure over: the first IPv4 one, else the first (IPv6). */
export function addressOf(a: Attachment): string {
  return a.ips.find((ip) => !ip.includes(':')) ?? a.ips[0] ?? '';
}
