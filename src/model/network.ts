/**
 * Which of a pod's networks a measurement runs over: its primary interface (the CNI under test)
 * or a secondary one (Multus: a NetworkAttachmentDefinition; lab: a second conflist).
 */
export const NETWORKS = ['primary', 'secondary'] as const;
export type Network = (typeof NETWORKS)[number];

/** The variant parameter that records a measurement over the secondary network. */
export const NETWORK_PARAM = 'network';
