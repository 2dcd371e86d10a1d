import { ptpConf, wireNative } from './common.js';
import type { LabProfile } from './profile.js';

export const ptpNative = {
  name: 'ptp-native',
  description: 'point-to-point veth per pod routed by the node, direct routes between nodes (like Calico)',
  requires: ['veth'],
  plugins: ['ptp', 'host-local'],
  podMtu: (m) => m,
  conflist: (node, mtu, ipamDir) => ptpConf('cnibench-ptp', node, mtu, ipamDir),
  wire: (run, plan) => wireNative(run, plan),
} as const satisfies LabProfile;
