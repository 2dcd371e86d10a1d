/**
 * What a measurement may need from a scenario beyond running commands at two endpoints. A
 * scenario that lacks one says why; the engine then skips the measurement with that reason
 * (as cilium-cli skips tests whose feature requirements a cluster does not meet).
 */
export const CAPABILITIES = {
  'services-at-scale': 'program many Services at once, the measured one last',
  'secondary-network': 'a second interface in each pod (Multus, or a second lab conflist) to measure over',
  // policy and podnet (issue 13, part A)
  'network-policy':
    'apply N network policies to the server pod, the client allowed by the last, and enforce them',
  'policy-rules':
    "write cnibench's own iptables chains, nftables set or eBPF program into the server pod's network namespace (the lab's policy modes)",
  'policy-ebpf':
    "load cnibench's own tc eBPF policy program, its allowed peers in a BPF hash map, into the server pod (the lab's mode ebpf: clang, bpftool, clsact)",
  'policy-enforced':
    'NetworkPolicy objects enforced by the CNI (a deny-all policy on the server pod must block a connection)',
  'pod-attach': 'attach and detach new pods on demand, timing their network set-up',
} as const;

export type Capability = keyof typeof CAPABILITIES;

/** Whether a scenario offers a capability: `true`, or the reason it does not. */
export type Support = true | { reason: string };
