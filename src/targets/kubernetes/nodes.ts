import { CnibenchError } from '../../model/errors.js';
import type { Node, Toleration } from './api/index.js';

const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
const INSTANCE_LABELS = ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'];

export interface NodeChoice {
  /** One node (cross-node impossible) or two. */
  nodes: Node[];
  /** Why other nodes were not chosen, for messages. */
  skipped: { name: string; reason: string }[];
}

function label(n: Node, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = n.metadata.labels?.[k];
    if (v !== undefined) return v;
  }
  return undefined;
}

export const nodeZone = (n: Node): string | undefined => label(n, ZONE_LABELS);
export const nodeInstanceType = (n: Node): string | undefined => label(n, INSTANCE_LABELS);

function tolerated(
  taint: { key: string; value?: string; effect: string },
  tols: readonly Toleration[],
): boolean {
  return tols.some(
    (t) =>
      (t.effect === undefined || t.effect === taint.effect) &&
      (t.key === undefined || t.key === taint.key) &&
      (t.operator === 'Exists' || t.value === taint.value),
  );
}

/** Why a node cannot carry the run's pods, or undefined when it can. */
export function unusableReason(
  n: Node,
  tolerations: readonly Toleration[],
  named: boolean,
): string | undefined {
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True')
    return `not Ready (${ready?.reason ?? ready?.status ?? 'no Ready condition'})`;
  if (n.spec?.unschedulable === true) return 'cordoned (unschedulable)';
  const os = n.metadata.labels?.['kubernetes.io/os'] ?? n.status?.nodeInfo?.operatingSystem;
  if (os !== undefined && os !== 'linux') return `runs ${os}, not Linux`;
  const taint = (n.spec?.taints ?? []).find(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(t, tolerations),
  );
  if (taint !== undefined)
    return `tainted ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
  if (!named && CONTROL_PLANE_LABELS.some((l) => n.metadata.labels?.[l] !== undefined))
    return 'control-plane node';
  return undefined;
}

/**
 * Picks the run's two nodes from one node list: the named ones, or the first two usable
 * Linux workers by name, preferring a pair in the same zone.
 */
export function chooseNodes(
  all: readonly Node[],
  tolerations: readonly Toleration[],
  named?: readonly string[],
): NodeChoice {
  const skipped: NodeChoice['skipped'] = [];
  if (named !== undefined && named.length > 0) {
    const picked: Node[] = [];
    for (const name of named) {
      const n = all.find((x) => x.metadata.name === name);
      if (n === undefined) {
        throw new CnibenchError('K8S_NO_NODES', `node "${name}" does not exist in the cluster`, {
          hint: `choose from: ${all
            .slice(0, 10)
            .map((x) => x.metadata.name)
            .join(', ')}${all.length > 10 ? ', ...' : ''}`,
        });
      }
      const why = unusableReason(n, tolerations, true);
      if (why !== undefined) {
        throw new CnibenchError('K8S_NO_NODES', `node "${name}" cannot be used: ${why}`, {
          hint: 'name other nodes, or add tolerations under `kubernetes.tolerations` in the config file',
        });
      }
      picked.push(n);
    }
    if (picked[0]!.metadata.name === picked[1]?.metadata.name) picked.pop();
    return { nodes: picked, skipped };
  }
  const usable: Node[] = [];
  for (const n of [...all].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    const why = unusableReason(n, tolerations, false);
    if (why === undefined) usable.push(n);
    else skipped.push({ name: n.metadata.name ?? '?', reason: why });
  }
  const first = usable[0];
  if (first === undefined) {
    const sample = skipped
      .slice(0, 5)
      .map((s) => `${s.name}: ${s.reason}`)
      .join('; ');
    throw new CnibenchError(
      'K8S_NO_NODES',
      `no schedulable Linux worker node among ${all.length} nodes (${sample})`,
      {
        hint: 'name nodes with --nodes a,b or add tolerations under `kubernetes.tolerations` in the config file',
      },
    );
  }
  const zone = nodeZone(first);
  const second = usable.slice(1).find((n) => nodeZone(n) === zone) ?? usable[1];
  return { nodes: second === undefined ? [first] : [first, second], skipped };
}

export function internalIP(n: Node): string | undefined {
  return n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}
