import type { Placement } from '../src/model/placement.js';
import { fidelity } from './fidelity/fidelity.js';
import type { FigureLog } from './lib/figure.js';
import { overhead } from './overhead/overhead.js';
import { startup } from './startup/startup.js';
import { verdictTime } from './verdict-time/verdict-time.js';

/** What the command line asked for. */
export interface Mode {
  quick: boolean;
  /** Lab profiles to restrict the fidelity, overhead and own-cpu runs to. */
  scenarios?: string[];
  standard: 'full' | 'reduced' | 'skip';
}

export interface Section {
  name: string;
  title: string;
  run(mode: Mode, log: FigureLog): Promise<void>;
}

const PROFILES = ['bridge-native', 'ptp-native', 'vxlan', 'ebpf'];

/** Every bench section, in the order `npm run bench` runs them. */
export const SECTIONS: Section[] = [
  {
    name: 'startup',
    title: 'start-up: `cnibench --help` and `cnibench report` on a 10 MB result file',
    run: (mode, log) => startup({ repeats: mode.quick ? 5 : 9 }, log),
  },
  {
    name: 'overhead',
    title:
      'wall time over measured time, and the cnibench process\u2019s own CPU and memory while it measures',
    run: (mode, log) =>
      overhead(
        {
          quickRuns: mode.quick ? 1 : 2,
          standard: mode.standard,
          ...(mode.scenarios ? { scenarios: mode.scenarios } : {}),
        },
        log,
      ),
  },
  {
    name: 'verdict-time',
    title: 'time to a verdict on bridge-native vs vxlan cross-node: --repeat auto against fixed repetitions',
    run: (mode, log) => verdictTime({ rounds: mode.quick ? 1 : 2 }, log),
  },
  {
    name: 'fidelity',
    title: 'cnibench against the raw tools in a hand-built copy of each lab topology',
    run: (mode, log) =>
      fidelity(
        {
          profiles: mode.scenarios ?? PROFILES,
          placements: (mode.quick ? ['cross-node'] : ['same-node', 'cross-node']) as Placement[],
          kinds: mode.quick ? ['tcp streams=1', 'rr'] : ['tcp', 'udp', 'rr'],
          pairs: 4,
          timing: mode.quick ? { durationS: 2, warmupS: 1 } : { durationS: 3, warmupS: 1 },
        },
        log,
      ),
  },
];
