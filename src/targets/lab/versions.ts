import { release } from 'node:os';
import type { Runner } from '../../exec/runner.js';

async function firstLine(run: Runner, argv: string[]): Promise<string> {
  const r = await run(argv, { timeoutMs: 5000 }).catch(() => undefined);
  return r?.exitCode === 0 ? (r.stdout.split('\n')[0]?.trim() ?? 'unknown') : 'unknown';
}

/** Versions recorded with every lab result (SPEC 6.7): kernel, CNI plugins, tools. */
export async function versions(run: Runner): Promise<Record<string, string>> {
  const plugins = await firstLine(run, [
    'dpkg-query',
    '-W',
    '-f',
    '${Version}',
    'containernetworking-plugins',
  ]);
  return {
    kernel: release(),
    cni_plugins_version: plugins === 'unknown' ? 'unknown' : `containernetworking-plugins ${plugins}`,
    iperf3_version: await firstLine(run, ['iperf3', '--version']),
  };
}
