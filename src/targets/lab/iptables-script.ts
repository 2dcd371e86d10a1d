import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runner } from '../../exec/runner.js';
import { inNetns, must } from './ip.js';

/**
 * The iptables-restore input that undoes a set of chains hooked into a built-in chain: unhook,
 * flush, then delete (a chain can be deleted only once nothing jumps to it).
 */
export function removeChainsScript(table: string, hook: string, names: readonly string[]): string {
  return [
    `*${table}`,
    `-D ${hook} -j ${names[0]}`,
    ...names.map((n) => `-F ${n}`),
    ...names.map((n) => `-X ${n}`),
    'COMMIT',
    '',
  ].join('\n');
}

/**
 * Loads a rule set into a lab namespace (`iptables-restore --noflush` or `nft -f`, from a file
 * in a private temp dir) and returns how to load its removal; the temp dir goes with either
 * failure or removal. `what` names the rules in errors ("10 iptables policies").
 */
export async function loadRules(
  run: Runner,
  netns: string,
  tool: 'iptables' | 'nftables',
  text: { add: string; remove: string },
  what: string,
): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-rules-'));
  const load = async (content: string, step: string): Promise<void> => {
    const file = join(dir, `${step}.rules`);
    await writeFile(file, content);
    const argv =
      tool === 'iptables' ? ['iptables-restore', '-w', '10', '--noflush', file] : ['nft', '-f', file];
    await must(run, inNetns(netns, argv), `${step} of ${what} in ${netns}`);
  };
  try {
    await load(text.add, 'programming');
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return async () => {
    try {
      await load(text.remove, 'removal');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
