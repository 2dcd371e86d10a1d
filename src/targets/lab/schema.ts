import { z } from 'zod';
import { bitrateField, nameField } from '../../model/fields.js';
import { nonEmpty } from '../../util/non-empty.js';
import { PROFILE_NAMES } from './profiles/index.js';

/** A lab scenario (SPEC 7): a datapath profile with its MTU, link rate and plugin directory. */
export const LabScenario = z.strictObject({
  name: nameField,
  target: z.literal('lab'),
  profile: z.enum(nonEmpty(PROFILE_NAMES, 'lab profiles')),
  /** MTU of the fabric links between nodes; pod MTUs follow from it and the profile. */
  mtu: z.number().int().min(1280).max(9000).default(1500),
  /** Shape each node's fabric link to this rate (tc tbf), like a NIC's line rate. */
  linkRate: bitrateField.optional(),
  /** Directory of CNI plugin binaries. */
  pluginDir: z.string().optional(),
});
export type LabScenario = z.infer<typeof LabScenario>;

/** The config file's `lab:` section. */
export const LabSettings = z.strictObject({
  /** Directory of CNI plugin binaries (`--plugin-dir`); a scenario's own `pluginDir` wins. */
  pluginDir: z.string().default('/usr/lib/cni'),
  /** Where the run's state and IPAM files live; default /run/cnibench. */
  stateDir: z.string().optional(),
});
export type LabSettings = z.infer<typeof LabSettings>;
