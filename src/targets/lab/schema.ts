import { z } from 'zod';
import { bitrateField, durationField, nameField } from '../../model/fields.js';
import { nonEmpty } from '../../util/non-empty.js';
import { PROFILE_NAMES } from './profiles/index.js';
import { BEYOND_FIELDS } from './beyond-schema.js';

/** The most nodes a lab scenario may have (fabric addresses 10.123.0.11-74, pod ranges 10.124.N.0/24). */
export const MAX_LAB_NODES = 64;

/** Nodes in zones joined by shaped links, like availability zones (optional). */
const ZonesSpec = z.strictObject({
  /** Number of zones; nodes are split into contiguous blocks: zone-a, zone-b, ... */
  count: z.number().int().min(2).max(8),
  /** Rate of each zone's link to the others (both directions). */
  rate: bitrateField.optional(),
  /** One-way delay each zone's link adds, e.g. 1ms (so cross-zone round trips gain twice two). */
  delay: durationField().optional(),
});

/** One or more nodes whose fabric link is shaped in both directions (a slow NIC, a bad port). */
const NodeLinkSpec = z.strictObject({
  /** Node numbers, 1 to `nodes`. */
  nodes: z.array(z.number().int().min(1).max(MAX_LAB_NODES)).min(1),
  rate: bitrateField,
});

/** A lab scenario (SPEC 7): a datapath profile with its MTU, link rate and plugin directory. */
export const LabScenario = z
  .strictObject({
    name: nameField,
    target: z.literal('lab'),
    profile: z.enum(nonEmpty(PROFILE_NAMES, 'lab profiles')),
    /** MTU of the fabric links between nodes; pod MTUs follow from it and the profile. */
    mtu: z.number().int().min(1280).max(9000).default(1500),
    /** Shape each node's fabric link to this rate (tc tbf), like a NIC's line rate. */
    linkRate: bitrateField.optional(),
    /** Directory of CNI plugin binaries. */
    pluginDir: z.string().optional(),
    /** Number of nodes (default 2). Placements use node1 and node2; a mesh uses them all. */
    nodes: z.number().int().min(2).max(MAX_LAB_NODES).optional(),
    zones: ZonesSpec.optional(),
    /** Per-node fabric link rates, both directions; they win over `linkRate` on those nodes. */
    nodeLinks: z.array(NodeLinkSpec).optional(),
    // secondary networks, rate limits, MTU mistakes (beyond-schema.ts)
    ...BEYOND_FIELDS,
    /** podnet: hold a new pod's traffic this long after CNI ADD returns, as an optimistic CNI does. */
    asyncReadyMs: z.number().int().min(0).max(60_000).optional(),
    /** N policies on the server pods for the whole scenario (every TCP port), the client pod allowed by the last. */
    policies: z
      .strictObject({
        count: z.number().int().min(0).max(20_000),
        mode: z.enum(['iptables', 'nftables', 'ebpf']).default('iptables'),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    const n = s.nodes ?? 2;
    if (s.zones !== undefined && s.zones.count > n)
      ctx.addIssue({
        code: 'custom',
        path: ['zones', 'count'],
        message: `${s.zones.count} zones need at least as many nodes (nodes: ${n})`,
      });
    s.nodeLinks?.forEach((l, i) =>
      l.nodes.forEach((node, j) => {
        if (node > n)
          ctx.addIssue({
            code: 'custom',
            path: ['nodeLinks', i, 'nodes', j],
            message: `there is no node ${node}: the scenario has ${n} nodes (set nodes: ${node} or more)`,
          });
      }),
    );
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
