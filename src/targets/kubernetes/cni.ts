import type { Container, DaemonSet } from './api/index.js';

/** Known CNI agents by DaemonSet name; the first match wins, so specific names come first. */
const CNI_PATTERNS: { re: RegExp; name: string; container?: RegExp }[] = [
  { re: /^(rke2-)?canal$/, name: 'canal', container: /calico-node|kube-flannel|flannel/ },
  { re: /cilium(?!-(operator|envoy))/, name: 'cilium', container: /^cilium-agent$/ },
  { re: /^calico-node/, name: 'calico', container: /^calico-node$/ },
  { re: /flannel/, name: 'flannel', container: /flannel/ },
  { re: /^aws-node$/, name: 'aws-vpc-cni', container: /^aws-node$/ },
  { re: /^antrea-agent$/, name: 'antrea', container: /^antrea-agent$/ },
  { re: /^kube-router$/, name: 'kube-router' },
  { re: /^weave-net$/, name: 'weave', container: /^weave$/ },
  { re: /^kube-ovn-cni$/, name: 'kube-ovn' },
  { re: /^ovnkube-node$/, name: 'ovn-kubernetes' },
  { re: /^azure-cns$|^azure-cni/, name: 'azure-cni' },
  { re: /^netd$/, name: 'gke-netd' },
];

export interface CniInfo {
  /** e.g. "cilium"; "unknown" when no known agent runs. */
  name: string;
  version: string | null;
  image: string | null;
  /** "namespace/name" of each agent DaemonSet found. */
  daemonSets: string[];
  /** Pod selector labels of the agent DaemonSets, to find their pods. */
  selectors: { namespace: string; labels: Record<string, string> }[];
}

/** "quay.io/cilium/cilium:v1.16.5@sha256:..." -> "v1.16.5". */
export function imageVersion(image: string): string | null {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(colon + 1) : null;
}

function mainContainer(ds: DaemonSet, re?: RegExp): Container | undefined {
  const cs = ds.spec?.template?.spec?.containers ?? [];
  return (re ? cs.find((c) => re.test(c.name)) : undefined) ?? cs[0];
}

/** The CNI agents among a cluster's DaemonSets. */
export function detectCni(daemonSets: readonly DaemonSet[]): CniInfo {
  const found: { ds: DaemonSet; name: string; c: Container | undefined }[] = [];
  for (const ds of daemonSets) {
    const n = ds.metadata.name ?? '';
    const p = CNI_PATTERNS.find((x) => x.re.test(n));
    if (p !== undefined) found.push({ ds, name: p.name, c: mainContainer(ds, p.container) });
  }
  if (found.length === 0)
    return { name: 'unknown', version: null, image: null, daemonSets: [], selectors: [] };
  const first = found[0]!;
  const image = first.c?.image ?? null;
  return {
    name: [...new Set(found.map((f) => f.name))].join('+'),
    version: image === null ? null : imageVersion(image),
    image,
    daemonSets: found.map((f) => `${f.ds.metadata.namespace ?? '?'}/${f.ds.metadata.name ?? '?'}`),
    selectors: found.map((f) => ({
      namespace: f.ds.metadata.namespace ?? 'kube-system',
      labels: f.ds.spec?.selector?.matchLabels ?? {},
    })),
  };
}

/** kube-proxy's mode from its DaemonSet and ConfigMap, or why it is absent. */
export function kubeProxyMode(
  daemonSets: readonly DaemonSet[],
  configText: string | undefined,
  ciliumConfig: Record<string, string> | undefined,
): string | null {
  const kpr = ciliumConfig?.['kube-proxy-replacement'];
  const ds = daemonSets.find((d) => /kube-proxy/.test(d.metadata.name ?? ''));
  if (ds === undefined) {
    if (kpr !== undefined && !['false', 'disabled'].includes(kpr))
      return `none (cilium kube-proxy replacement: ${kpr})`;
    return null;
  }
  const c = mainContainer(ds, /kube-proxy/);
  const flag = [...(c?.command ?? []), ...(c?.args ?? [])].find((a) => a.startsWith('--proxy-mode='));
  if (flag !== undefined) return flag.slice('--proxy-mode='.length) || 'iptables';
  if (configText !== undefined) {
    const m = /^\s*mode:\s*["']?([a-z]*)["']?\s*$/m.exec(configText);
    if (m) return m[1] || 'iptables';
  }
  return 'iptables';
}
