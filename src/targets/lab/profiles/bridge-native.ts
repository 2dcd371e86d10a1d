import { bridgeConf, wireNative } from './common.js';
import type { LabProfile } from './profile.js';

export const bridgeNative = {
  name: 'bridge-native',
  description:
    'Linux bridge per node, direct routes between nodes (like Calico BGP or Cilium native routing)',
  requires: ['veth', 'bridge'],
  plugins: ['bridge', 'host-local'],
  podMtu: (m) => m,
  conflist: bridgeConf,
  wire: (run, plan) => wireNative(run, plan),
} as const satisfies LabProfile;
