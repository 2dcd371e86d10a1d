import type { Runner } from '../../exec/runner.js';
import type { Support } from '../../model/capabilities.js';
import { installEbpfPolicies } from './policy-ebpf.js';

const HINT = 'apt-get install -y clang llvm libbpf-dev bpftool';

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

/** Whether bpftool is there and reads batch files (`bpftool batch file /dev/null`). */
async function bpftoolMissing(run: Runner): Promise<string | undefined> {
  try {
    const r = await run(['bpftool', 'batch', 'file', '/dev/null'], { timeoutMs: 10_000 });
    if (r.exitCode === 0) return undefined;
    return `bpftool cannot run a batch file: ${firstLine(r.stderr || r.stdout)}`;
  } catch (e) {
    return `bpftool is not installed (${(e as Error).message})`;
  }
}

/**
 * Whether lab policy mode `ebpf` works here, found by doing it once: bpftool first (a clear
 * reason when it is missing), then one policy compiled, attached to the server pod's ingress,
 * its map filled and the program removed again. The reason names what failed and the fix.
 */
export async function probeEbpfPolicy(run: Runner, netns: string, client: string): Promise<Support> {
  const missing = await bpftoolMissing(run);
  if (missing !== undefined) return { reason: `policy mode ebpf: ${missing}; fix: ${HINT}` };
  try {
    const p = await installEbpfPolicies(run, netns, { count: 1, client });
    await p.remove();
    return true;
  } catch (e) {
    return {
      reason: `policy mode ebpf needs clang with libbpf headers, tc clsact and eBPF: ${firstLine((e as Error).message)}; fix: ${HINT}`,
    };
  }
}
