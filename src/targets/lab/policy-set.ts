/** N policies on one pod, as every lab policy mode reads them. */
export interface PolicySet {
  /** Policies, each allowing one peer; the last allows `client`. */
  count: number;
  client: string;
  /** The TCP port the policies cover; absent: every TCP port. */
  port?: number;
}

/** The peer policy i (0-based) allows; the last policy allows the measured client. Others never send. */
export function policyPeer(i: number, s: PolicySet): string {
  return i === s.count - 1 ? s.client : `10.128.${(i >> 8) & 255}.${i & 255}`;
}
