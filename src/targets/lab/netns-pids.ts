import { readdir, readlink, stat } from 'node:fs/promises';

const NETNS_DIR = '/run/netns';

/**
 * The processes inside each of some named network namespaces, from one pass over /proc: a
 * process is inside when its `ns/net` link names the namespace's inode (what `ip netns pids`
 * does, but once for all namespaces instead of one `ip` process, and one /proc scan, each).
 * Namespaces that no longer exist get no entry.
 */
export async function pidsByNetns(namespaces: readonly string[]): Promise<Map<string, number[]>> {
  const byInode = new Map<string, string>();
  for (const ns of namespaces) {
    try {
      byInode.set(`net:[${(await stat(`${NETNS_DIR}/${ns}`)).ino}]`, ns);
    } catch {
      // gone already
    }
  }
  const out = new Map<string, number[]>([...byInode.values()].map((ns) => [ns, []]));
  if (byInode.size === 0) return out;
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  const BATCH = 256;
  for (let i = 0; i < pids.length; i += BATCH) {
    await Promise.all(
      pids.slice(i, i + BATCH).map(async (pid) => {
        try {
          const ns = byInode.get(await readlink(`/proc/${pid}/ns/net`));
          if (ns !== undefined) out.get(ns)!.push(Number(pid));
        } catch {
          // the process ended, or is a kernel thread without a namespace link
        }
      }),
    );
  }
  return out;
}
