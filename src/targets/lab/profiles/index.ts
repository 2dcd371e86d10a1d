import { bridgeNative } from './bridge-native.js';
import { ebpf } from './ebpf.js';
import { ptpNative } from './ptp-native.js';
import type { LabProfile } from './profile.js';
import { vxlan } from './vxlan.js';

/** Every lab datapath profile, in the order runs and `cnibench profiles` list them. Add one line per profile. */
export const PROFILES = [bridgeNative, ptpNative, vxlan, ebpf] as const;

export type LabProfileName = (typeof PROFILES)[number]['name'];

/** The profile names, for the scenario schema's `profile` enum. */
export const PROFILE_NAMES: LabProfileName[] = PROFILES.map((p) => p.name);

export function profileNamed(name: LabProfileName): LabProfile {
  const p = PROFILES.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no lab profile ${name}`);
  return p;
}

export type { LabProfile } from './profile.js';
