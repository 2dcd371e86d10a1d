import { z } from 'zod';
import type { Capability } from '../model/capabilities.js';
import type { MetricCatalogue } from '../model/metrics.js';
import { PLACEMENTS } from '../model/placement.js';
import { CnibenchError, toErrorData } from '../model/errors.js';
import { CRR_METRICS, runCrr } from './crr.js';
import { defineMeasurement } from './define.js';
import type { MeasureContext, RepetitionOutcome } from './measurement.js';
import { runRr } from './rr.js';

/**
 * Lab: Calico-style iptables chains, one nftables set or a tc eBPF program with a hash map of
 * peers, written by cnibench (`policy-rules`; ebpf also `policy-ebpf`);
 * `cni`: NetworkPolicy objects, enforced by the target's CNI (`policy-enforced`, Kubernetes).
 */
const POLICY_MODES = ['iptables', 'nftables', 'ebpf', 'cni'] as const;
/** crr: a new connection per request (its SYN meets every policy); rr: one kept-alive connection. */
const POLICY_TESTS = ['crr', 'rr'] as const;

export const PolicySpec = z.strictObject({
  kind: z.literal('policy'),
  /** Numbers of policies on the server pod (0: none); the client is allowed by the last. */
  counts: z.array(z.number().int().min(0).max(20_000)).min(1).default([0, 10, 100, 1000]),
  /**
   * Lab: `iptables`, `nftables` and/or `ebpf` (default: the first two); Kubernetes: `cni` (NetworkPolicy objects the cluster's
   * CNI enforces). A mode the target cannot apply is skipped with the reason.
   */
  modes: z.array(z.enum(POLICY_MODES)).min(1).default(['iptables', 'nftables']),
  tests: z.array(z.enum(POLICY_TESTS)).min(1).default(['crr', 'rr']),
  /** Only these placements (the policies sit on the path's server pod); default cross-node. */
  placements: z
    .array(
      z.enum(PLACEMENTS).refine((p) => p === 'same-node' || p === 'cross-node', 'policies need a server pod'),
    )
    .min(1)
    .default(['cross-node']),
});

const METRICS = {
  ...CRR_METRICS,
  policy_rules: { unit: 'count', better: 'none', label: 'policy rules' },
} as const satisfies MetricCatalogue;
type PolicyMetric = keyof typeof METRICS;

interface PolicyParams {
  [key: string]: string | number;
  policies: number;
  mode: (typeof POLICY_MODES)[number];
  test: (typeof POLICY_TESTS)[number];
}

/**
 * The cost of network policy on the server pod (SPEC 9): the target applies N policies, each
 * allowing one peer, the measured client allowed by the last; then `crr` (every connection's
 * SYN is checked against the policies) or `rr` (one established connection: conntrack accepts
 * it before any policy, so it should not change) runs. The policies are removed after each
 * repetition. On Kubernetes an enforcement probe runs first: a CNI that does not enforce
 * NetworkPolicy is skipped, not measured as free.
 */
export const policyMeasurement = defineMeasurement({
  kind: 'policy',
  tool: 'curl+nginx, sockperf',
  summary:
    'crr and keep-alive rr latency with 0..N network policies on the server pod (iptables chains vs nftables set vs eBPF map)',
  spec: PolicySpec,
  metrics: METRICS,
  requires: ['network-policy'],
  placements: (spec) => spec.placements,
  variants: (spec) =>
    spec.modes.flatMap((mode) =>
      spec.tests.flatMap((test) =>
        spec.counts.map((count) => ({
          name: `policies=${count},mode=${mode},test=${test}`,
          params: { policies: count, mode, test } satisfies PolicyParams,
          requires: policyRequires(mode),
        })),
      ),
    ),
  estimateSeconds: (p, t) => t.durationS + t.warmupS + 3 + p.policies / 1000,
  run: (ctx, p) => runPolicy(ctx, p),
});

function policyRequires(mode: (typeof POLICY_MODES)[number]): Capability[] {
  if (mode === 'cni') return ['policy-enforced'];
  return mode === 'ebpf' ? ['policy-rules', 'policy-ebpf'] : ['policy-rules'];
}

async function runPolicy(ctx: MeasureContext, p: PolicyParams): Promise<RepetitionOutcome<PolicyMetric>> {
  const program = ctx.target.programPolicies?.bind(ctx.target);
  if (program === undefined) {
    const error = new CnibenchError('USAGE', `scenario ${ctx.target.scenario} cannot apply network policies`);
    return { status: 'failed', error: toErrorData(error), raw: [] };
  }
  let policies;
  try {
    policies = await program(ctx.path, { count: p.policies, mode: p.mode, port: ctx.port }, ctx.signal);
  } catch (e) {
    return { status: 'failed', error: toErrorData(e), raw: [] };
  }
  try {
    const outcome = p.test === 'crr' ? await runCrr(ctx) : await runRr(ctx, 64);
    if (outcome.status !== 'ok') return outcome;
    return {
      ...outcome,
      metrics: { ...outcome.metrics, policy_rules: policies.rules },
      notes: [
        ...(outcome.notes ?? []),
        ...(policies.notes ?? []),
        p.policies === 0
          ? 'no policy on the server pod (baseline)'
          : `${p.policies} policies on the server pod with ${policies.mode} (${policies.rules} rules); the client is allowed by the last`,
      ],
    };
  } finally {
    await policies.remove();
  }
}
