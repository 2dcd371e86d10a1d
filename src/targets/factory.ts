import type { ConfigFile } from '../config/schema.js';
import { CnibenchError } from '../errors.js';
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
    case 'kubernetes':
      throw new CnibenchError('USAGE', 'the kubernetes target is not available in this build');
  }
}
