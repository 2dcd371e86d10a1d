import { randomBytes } from 'node:crypto';
import type { Runner } from '../../exec/runner.js';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clangArgs } from './clang.js';
import { inNetns } from './ip.js';
import { vipDnatRule } from './services.js';
import { StateStore } from './state-store.js';

export const KERNEL_FEATURES = [
  'veth',
  'bridge',
  'vxlan',
  'geneve',
  'ipip',
  'wireguard',
  'macvlan',
  'ipvlan',
  'tbf',
  'clsact',
  'iptables-nat',
  'tc-bpf',
] as const;
export type KernelFeature = (typeof KERNEL_FEATURES)[number];

export interface FeatureCheck {
  ok: boolean;
  /** What failed, in the kernel's or tool's words. */
  detail: string;
}

export type FeatureReport = Record<KernelFeature, FeatureCheck>;

const PROBES: Record<Exclude<KernelFeature, 'tc-bpf'>, (ns: string) => string[]> = {
  veth: (ns) => ['ip', '-n', ns, 'link', 'add', 'pv0', 'type', 'veth', 'peer', 'name', 'pv1'],
  bridge: (ns) => ['ip', '-n', ns, 'link', 'add', 'pbr', 'type', 'bridge'],
  vxlan: (ns) => ['ip', '-n', ns, 'link', 'add', 'pvx', 'type', 'vxlan', 'id', '1', 'dstport', '4789'],
  geneve: (ns) => ['ip', '-n', ns, 'link', 'add', 'pgn', 'type', 'geneve', 'id', '1', 'remote', '192.0.2.1'],
  ipip: (ns) => [
    'ip',
    '-n',
    ns,
    'link',
    'add',
    'pip',
    'type',
    'ipip',
    'local',
    '192.0.2.1',
    'remote',
    '192.0.2.2',
  ],
  wireguard: (ns) => ['ip', '-n', ns, 'link', 'add', 'pwg', 'type', 'wireguard'],
  macvlan: (ns) => ['ip', '-n', ns, 'link', 'add', 'pmv', 'link', 'pv0', 'type', 'macvlan', 'mode', 'bridge'],
  ipvlan: (ns) => ['ip', '-n', ns, 'link', 'add', 'piv', 'link', 'pv0', 'type', 'ipvlan', 'mode', 'l2'],
  tbf: (ns) => [
    'tc',
    '-n',
    ns,
    'qdisc',
    'add',
    'dev',
    'pv0',
    'root',
    'tbf',
    'rate',
    '1gbit',
    'burst',
    '32k',
    'latency',
    '10ms',
  ],
  clsact: (ns) => ['tc', '-n', ns, 'qdisc', 'add', 'dev', 'pv1', 'clsact'],
  // the very rule the `service` placement installs
  'iptables-nat': (ns) => inNetns(ns, vipDnatRule('192.0.2.10', '192.0.2.11')),
};

/**
 * Detects kernel features by trying them in a throwaway namespace (`cnb-probe-*`), which
 * is removed afterwards. Nothing is assumed from version numbers.
 */
export function detectFeatures(run: Runner): Promise<FeatureReport> {
  // The kernel does not change during a run: probe once per runner (the CLI and the lab share one).
  let report = detected.get(run);
  if (!report) {
    report = probeFeatures(run);
    detected.set(run, report);
  }
  return report;
}

const detected = new WeakMap<Runner, Promise<FeatureReport>>();

async function probeFeatures(run: Runner): Promise<FeatureReport> {
  const id = randomBytes(3).toString('hex');
  const ns = `cnb-probe-${id}`;
  const dir = join(tmpdir(), ns);
  const report = {} as FeatureReport;
  const failAll = (detail: string): FeatureReport => {
    for (const f of KERNEL_FEATURES) report[f] = { ok: false, detail };
    return report;
  };
  // Recorded like a run, so that `cnibench cleanup` removes it after a kill -9 during the probe.
  const record = new StateStore(`probe-${id}`);
  try {
    await record.addDir(dir);
    await record.addNamespace(ns);
  } catch (e) {
    return failAll(`cannot record the probe in ${record.dir}: ${(e as Error).message}`);
  }
  const add = await run(['ip', 'netns', 'add', ns], { timeoutMs: 10_000 });
  if (add.exitCode !== 0) {
    await record.remove();
    return failAll(`cannot create a network namespace: ${(add.stderr || add.stdout).trim()}`);
  }
  try {
    // the probes are independent: all at once (the compile of the eBPF one takes longest)
    await Promise.all(
      KERNEL_FEATURES.map(async (f) => {
        try {
          if (f === 'tc-bpf') {
            report[f] = await probeTcBpf(run, ns, dir);
            return;
          }
          const r = await run(PROBES[f](ns), { timeoutMs: 10_000 });
          report[f] =
            r.exitCode === 0
              ? { ok: true, detail: 'supported' }
              : { ok: false, detail: firstLine(r.stderr || r.stdout) };
        } catch (e) {
          report[f] = { ok: false, detail: (e as Error).message };
        }
      }),
    );
  } finally {
    await run(['ip', 'netns', 'del', ns], { timeoutMs: 10_000 });
    await rm(dir, { recursive: true, force: true });
    await record.remove();
  }
  return report;
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? 'failed';
}

const PROBE_PROGRAM = `#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
SEC("tc")
int probe(struct __sk_buff *skb) {
  if (skb->len == 1) return bpf_redirect_peer(1, 0);
  if (skb->len == 2) return bpf_redirect_neigh(1, 0, 0, 0);
  return TC_ACT_OK;
}
char _license[] SEC("license") = "GPL";
`;

/** Compiles a program using bpf_redirect_peer/neigh and attaches it with tc: the eBPF profile's needs. */
async function probeTcBpf(run: Runner, ns: string, dir: string): Promise<FeatureCheck> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'p.c'), PROBE_PROGRAM);
  const cc = await run(clangArgs(join(dir, 'p.c'), join(dir, 'p.o')), { timeoutMs: 60_000 }).catch(
    (e: Error) => ({ exitCode: 127, stderr: e.message, stdout: '' }),
  );
  if (cc.exitCode !== 0)
    return {
      ok: false,
      detail: `cannot compile eBPF (clang, libbpf headers): ${firstLine(cc.stderr || cc.stdout)}`,
    };
  const tc = await run(
    [
      'tc',
      '-n',
      ns,
      'filter',
      'add',
      'dev',
      'pv1',
      'ingress',
      'bpf',
      'da',
      'obj',
      join(dir, 'p.o'),
      'sec',
      'tc',
    ],
    { timeoutMs: 10_000 },
  );
  return tc.exitCode === 0
    ? { ok: true, detail: 'supported (bpf_redirect_peer, bpf_redirect_neigh)' }
    : { ok: false, detail: firstLine(tc.stderr || tc.stdout) };
}
