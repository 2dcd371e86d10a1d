import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import type { Runner } from '../../exec/runner.js';
import type { Check } from '../../model/check.js';
import type { ScenarioSupport } from '../provider.js';
import { detectFeatures, type FeatureReport, type KernelFeature } from './features.js';
import { PROFILES } from './profiles/index.js';

const TOOLS: { bin: string; pkg: string; why: string }[] = [
  { bin: 'ip', pkg: 'iproute2', why: 'network namespaces and links' },
  { bin: 'bridge', pkg: 'iproute2', why: 'VXLAN forwarding entries' },
  { bin: 'tc', pkg: 'iproute2', why: 'link shaping' },
  { bin: 'sysctl', pkg: 'procps', why: 'forwarding inside node namespaces' },
  { bin: 'iperf3', pkg: 'iperf3', why: 'tcp and udp measurements' },
  { bin: 'ping', pkg: 'iputils-ping', why: 'waiting until the pod network passes traffic' },
  { bin: 'iptables', pkg: 'iptables', why: 'the service placement (kube-proxy-style DNAT)' },
];

export async function which(run: Runner, bin: string): Promise<string | undefined> {
  try {
    const r = await run(['sh', '-c', `command -v ${bin}`], { timeoutMs: 5000 });
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Prerequisites of the lab target, each with its fix. */
export async function labChecks(
  run: Runner,
  pluginDir: string,
): Promise<{ checks: Check[]; features: FeatureReport | undefined }> {
  const checks: Check[] = [];
  const root = process.getuid?.() === 0;
  checks.push({
    name: 'root',
    ok: root,
    detail: root ? 'running as root' : `running as uid ${process.getuid?.()}`,
    fix: 'run cnibench with sudo: the lab creates network namespaces',
  });
  checks.push({
    name: 'linux',
    ok: process.platform === 'linux',
    detail: process.platform,
    fix: 'the lab needs Linux network namespaces; use --target kubernetes elsewhere',
  });
  for (const t of TOOLS) {
    const path = await which(run, t.bin);
    checks.push({
      name: `tool ${t.bin}`,
      ok: path !== undefined,
      detail: path ?? `not found (${t.why})`,
      fix: `apt-get install -y ${t.pkg}`,
    });
  }
  const plugins = [...new Set(PROFILES.flatMap((p) => p.plugins))];
  for (const p of plugins) {
    const file = join(pluginDir, p);
    let ok = true;
    try {
      await access(file, constants.X_OK);
    } catch {
      ok = false;
    }
    checks.push({
      name: `CNI plugin ${p}`,
      ok,
      detail: ok ? file : `${file} missing`,
      fix: 'apt-get install -y containernetworking-plugins, or point lab.pluginDir / --plugin-dir at your plugins',
    });
  }
  let features: FeatureReport | undefined;
  if (root && process.platform === 'linux') {
    features = await detectFeatures(run);
    for (const [f, c] of Object.entries(features) as [KernelFeature, FeatureReport[KernelFeature]][]) {
      const users = featureUsers(f);
      checks.push({
        name: `kernel ${f}`,
        ok: c.ok,
        detail: c.ok
          ? `${c.detail}${users.length ? ` (for ${users.join(', ')})` : ''}`
          : users.length === 0
            ? `not available (nothing cnibench runs needs it): ${c.detail}`
            : `${c.detail}; needed by ${users.join(', ')}`,
        fix: `load the kernel module (modprobe ${f === 'iptables-nat' ? 'nf_nat' : f}) or use a kernel built with it; what needs it is skipped`,
        ...(users.length === 0 ? { optional: true } : {}),
      });
    }
  }
  return { checks, features };
}

/** What needs a kernel feature: the profiles that require it, and the service placement. */
function featureUsers(f: KernelFeature): string[] {
  const users = PROFILES.filter((p) => (p.requires as readonly string[]).includes(f)).map(
    (p) => `profile ${p.name}`,
  );
  if (f === 'iptables-nat') users.push('the service placement');
  if (f === 'tbf') users.push('scenarios with linkRate');
  return users;
}

/** Which lab profiles this kernel can run, and why not. */
export function profileSupport(features: FeatureReport): ScenarioSupport[] {
  return PROFILES.map((p) => {
    const missing = p.requires.filter((f) => !features[f].ok);
    return {
      name: p.name,
      description: p.description,
      supported: missing.length === 0,
      reason:
        missing.length === 0
          ? 'supported'
          : missing.map((f) => `kernel lacks ${f}: ${features[f].detail}`).join('; '),
    };
  });
}
