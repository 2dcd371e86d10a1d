import type { CniResult, ConfList } from './cni.js';
import type { PodPlan } from './plan.js';

/** A pod attached by CNI ADD, with what is needed for its CNI DEL. */
export interface AttachedPod {
  plan: PodPlan;
  address: string;
  mtu: number;
  conflist: ConfList;
  result: CniResult;
  /** The second interface (`net1`), when the scenario has a secondary network. */
  secondary?: { address: string; mtu: number; conflist: ConfList; result: CniResult };
}
