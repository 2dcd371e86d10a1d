import type { Placement } from '../model/placement.js';
import { estimatePlan, placementEstimate, scenarioEstimate, type RunPlan } from './plan.js';

/** Estimated vs. actual time, for an ETA that corrects itself as the run goes. */
export class Clock {
  private readonly start = Date.now();
  private estDone = 0;
  private readonly estTotal: number;
  readonly totalReps: number;
  private placementRepsDone = 0;

  constructor(private readonly plan: RunPlan) {
    this.estTotal = estimatePlan(plan);
    const perScenario = plan.placements.reduce((a, p) => a + placementEstimate(plan, p).repetitions, 0);
    this.totalReps = plan.scenarios.filter((s) => s.unsupported === undefined).length * perScenario;
  }
  elapsed(): number {
    return (Date.now() - this.start) / 1000;
  }
  /** Seconds left: the remaining estimate scaled by how the run has kept to its estimates so far. */
  remaining(): number {
    const left = Math.max(0, this.estTotal - this.estDone);
    const pace = this.estDone > 5 ? this.elapsed() / this.estDone : 1;
    return left * Math.min(Math.max(pace, 0.5), 5);
  }
  doneRep(est: number): void {
    this.estDone += est;
    this.placementRepsDone += est;
  }
  /** A placement finished (or was skipped) for `scenarios` scenarios: whatever it did not use is done too. */
  donePlacement(placement: Placement, scenarios = 1): void {
    const planned = scenarios * placementEstimate(this.plan, placement).seconds;
    this.estDone += Math.max(0, planned - this.placementRepsDone);
    this.placementRepsDone = 0;
  }
  skipScenario(): void {
    this.estDone += scenarioEstimate(this.plan);
  }
  /** A scenario is open: its set-up time is spent (so the pace compares like with like). */
  openedScenario(): void {
    this.estDone += this.plan.scenarioSetupS;
  }
}
