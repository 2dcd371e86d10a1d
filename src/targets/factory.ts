import type { ConfigFile } from '../config/schema.js';
import { runCommand } from '../exec/runner.js';
import { LabTarget } from './lab/lab-target.js';
import type { Target, TargetKind } from './target.js';

export interface TargetOptions {
  runId: string;
  config: ConfigFile;
  log: (msg: string) => void;
  /** Command-line overrides. */
  pluginDir?: string;
  context?: string;
  kubeconfig?: string;
  nodes?: string[];
}

/** The one place targets are constructed; the engine only sees the Target interface. */
export async function createTarget(kind: TargetKind, o: TargetOptions): Promise<Target> {
  switch (kind) {
    case 'lab':
      return new LabTarget({
        runId: o.runId,
        pluginDir: o.pluginDir ?? o.config.lab.pluginDir,
        ...(o.config.lab.stateDir ? { stateDir: o.config.lab.stateDir } : {}),
        log: o.log,
      });
    case 'kubernetes': {
      // loaded on demand: the Kubernetes client is only needed for this target
      const { createKubernetesTarget } = await import('./kubernetes/index.js');
      return createKubernetesTarget({
        runId: o.runId,
        settings: o.config.kubernetes,
        log: o.log,
        runner: runCommand,
        ...(o.kubeconfig !== undefined ? { kubeconfig: o.kubeconfig } : {}),
        ...(o.context !== undefined ? { context: o.context } : {}),
        ...(o.nodes !== undefined ? { nodes: o.nodes } : {}),
      });
    }
  }
}
