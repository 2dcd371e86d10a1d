import { SessionDelegate } from '../targets/session-delegate.js';
import type { PreparedPath, ResourceProbe, ScenarioSession } from '../targets/target.js';

/**
 * The session measurements see during a mesh: the target's mesh session, except that no
 * resource probe runs. Several tests run at once, so a probe of the datapath's CPU would add
 * them all up and say nothing about one pair (and on Kubernetes cost API calls per test).
 */
export class MeshMeasureSession extends SessionDelegate {
  readonly ports?: { first: number; count: number };

  constructor(inner: ScenarioSession) {
    super(inner);
    if (inner.ports !== undefined) this.ports = inner.ports;
  }

  override startResourceProbe(_path: PreparedPath): Promise<ResourceProbe> {
    // runRepetition leaves `resources` out when the probe cannot start
    return Promise.reject(new Error('no resource probe during a mesh: tests run side by side'));
  }
  override close(): Promise<void> {
    return Promise.resolve(); // the scenario's own session closes it
  }
}
