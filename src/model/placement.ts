/** Where the two ends of a measurement sit (SPEC section 2). */
export const PLACEMENTS = ['same-node', 'cross-node', 'host', 'service'] as const;
export type Placement = (typeof PLACEMENTS)[number];
