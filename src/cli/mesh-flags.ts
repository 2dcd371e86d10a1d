import type { MeshOptions } from '../engine/mesh-schedule.js';
import { CnibenchError } from '../model/errors.js';
import { flag, int, type OptionSpec, type ParsedArgs } from './args.js';

/** `run`'s mesh options (docs/mesh.md). */
export const MESH_OPTIONS: OptionSpec[] = [
  {
    name: 'mesh',
    type: 'boolean',
    description:
      'measure every node pair: a client and a server pod on each node, pairs in rounds (default suite: mesh)',
  },
  {
    name: 'pairs',
    type: 'string',
    value: 'K',
    description: 'with --mesh: measure a sample of K ordered node pairs that reaches every node',
  },
  {
    name: 'mesh-concurrency',
    type: 'string',
    value: 'N',
    description: 'with --mesh: tests at once (default: lab 4, kubernetes 32); no node is ever in two',
  },
  {
    name: 'mesh-seed',
    type: 'string',
    value: 'N',
    description: 'with --mesh --pairs: seed of the sample, to measure the same pairs again (default 1)',
  },
];

/** The mesh options of `run`, or undefined without --mesh (then the other mesh flags are refused). */
export function meshOptions(args: ParsedArgs): MeshOptions | undefined {
  const pairs = int(args, 'pairs');
  const concurrency = int(args, 'mesh-concurrency');
  const seed = int(args, 'mesh-seed', 0);
  if (!flag(args, 'mesh')) {
    const stray = ['pairs', 'mesh-concurrency', 'mesh-seed'].find((n) => args.values[n] !== undefined);
    if (stray !== undefined)
      throw new CnibenchError('USAGE', `--${stray} applies to mesh runs only`, {
        hint: `add --mesh, or leave --${stray} out`,
      });
    return undefined;
  }
  return {
    ...(pairs !== undefined ? { pairs } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}
