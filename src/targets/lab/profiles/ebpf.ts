import { attachEbpf } from '../ebpf.js';
import { ptpConf, wireNative } from './common.js';
import type { LabProfile } from './profile.js';

export const ebpf = {
  name: 'ebpf',
  description:
    'eBPF host routing (like Cilium): tc programs redirect between pod veths and the fabric, bypassing the node stack; direct routes',
  requires: ['veth', 'clsact', 'tc-bpf'],
  plugins: ['ptp', 'host-local'],
  podMtu: (m) => m,
  conflist: (node, mtu, ipamDir) => ptpConf('cnibench-ebpf', node, mtu, ipamDir),
  wire: (run, plan) => wireNative(run, plan),
  afterPods: attachEbpf,
  unsupportedPlacements: [
    {
      placement: 'service',
      reason:
        'the eBPF datapath bypasses the node stack, so kube-proxy-style iptables DNAT cannot translate replies; a BPF service map (as in Cilium kube-proxy replacement) is not modelled',
    },
  ],
} as const satisfies LabProfile;
