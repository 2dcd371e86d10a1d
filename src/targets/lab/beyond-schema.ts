import { z } from 'zod';
import { bitrateField } from '../../model/fields.js';

/**
 * Lab scenario settings for experiments beyond throughput and latency (secondary networks, rate
 * limits, MTU mistakes). Each is optional; a scenario without them is built as before.
 */

/** A second interface (`net1`) in every pod, from a second conflist on a fabric of its own (the Multus case). */
export const SecondaryNetworkSpec = z.strictObject({
  /** The CNI plugin of the second attachment: a macvlan or ipvlan child of the node's `eth1`. */
  type: z.enum(['macvlan', 'ipvlan']).default('macvlan'),
  /** MTU of the second fabric and of every `net1`. */
  mtu: z.number().int().min(1280).max(9000).default(1500),
  /** Shape each node's second fabric link to this rate (tc tbf, node egress). */
  rate: bitrateField.optional(),
});
export type SecondaryNetworkSpec = z.infer<typeof SecondaryNetworkSpec>;

/** The real `bandwidth` CNI plugin chained after the pod's main plugin: a rate limit on every pod. */
export const BandwidthSpec = z
  .strictObject({
    /** Limit on what a pod sends (the plugin's egressRate: an ifb device on the node, tbf). */
    egress: bitrateField.optional(),
    /** Limit on what a pod receives (the plugin's ingressRate: tbf on the node's side of the veth). */
    ingress: bitrateField.optional(),
    /** Bucket size in bytes for both limits; default: 4 ms at the rate, at least 64 KiB. */
    burst: z.number().int().min(1500).optional(),
  })
  .refine((b) => b.egress !== undefined || b.ingress !== undefined, {
    message: 'set egress, ingress or both (e.g. egress: 500M)',
  });
export type BandwidthSpec = z.infer<typeof BandwidthSpec>;

/** The scenario fields, spread into the lab scenario's schema. */
export const BEYOND_FIELDS = {
  secondary: SecondaryNetworkSpec.optional(),
  bandwidth: BandwidthSpec.optional(),
  /**
   * Pod MTU regardless of what the datapath carries (default: the profile's, e.g. fabric MTU - 50
   * for vxlan). Larger than the overlay carries, it is the MTU mistake.
   */
  podMtu: z.number().int().min(576).max(9000).optional(),
  /**
   * Nodes drop the "fragmentation needed" ICMP they would send to a pod (a firewall filtering
   * ICMP, an encapsulation that drops silently): path MTU discovery cannot correct a too-large
   * pod MTU, so oversized packets vanish (a PMTU black hole).
   */
  pmtuBlackhole: z.boolean().optional(),
} as const;
