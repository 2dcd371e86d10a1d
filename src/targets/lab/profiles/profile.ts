import type { Runner } from '../../../exec/runner.js';
import type { Placement } from '../../../model/placement.js';
import type { ConfList } from '../cni.js';
import type { KernelFeature } from '../features.js';
import type { LabPlan, NodePlan } from '../plan.js';
import type { AttachedPod } from '../pod.js';

/**
 * A lab datapath: how pods attach (CNI conflist) and how nodes carry traffic between them.
 * Each profile is one file in this folder, registered in `index.ts`; it becomes a ready-made
 * scenario of the same name (SPEC 7).
 */
export interface LabProfile<N extends string = string> {
  name: N;
  description: string;
  /** Kernel features the profile needs; checked before use. */
  requires: readonly KernelFeature[];
  /** CNI plugins the conflist uses. */
  plugins: readonly string[];
  podMtu(fabricMtu: number): number;
  conflist(node: NodePlan, podMtu: number, ipamDir: string): ConfList;
  /** Connects the nodes' pod ranges (routes, tunnels). Runs after the fabric is up. */
  wire(run: Runner, plan: LabPlan, fabricMtu: number): Promise<void>;
  /** Datapath work that needs the attached pods (e.g. eBPF programs). */
  afterPods?(run: Runner, plan: LabPlan, pods: readonly AttachedPod[], workDir: string): Promise<void>;
  /** Placements the profile cannot offer, and why. */
  unsupportedPlacements?: readonly { placement: Placement; reason: string }[];
}
