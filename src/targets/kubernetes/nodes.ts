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
export function unusableReason(n: Node, tolerations: readonly Toleration[]): string | undefined {
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
  return undefined;
}

export const isControlPlane = (n: Node): boolean =>
  CONTROL_PLANE_LABELS.some((l) => n.metadata.labels?.[l] !== undefined);

function named(all: readonly Node[], tolerations: readonly Toleration[], names: readonly string[]): Node[] {
  const picked: Node[] = [];
  for (const name of names) {
    const n = all.find((x) => x.metadata.name === name);
    if (n === undefined) {
      throw new CnibenchError('K8S_NO_NODES', `node "${name}" does not exist in the cluster`, {
        hint: `choose from: ${all
          .slice(0, 10)
          .map((x) => x.metadata.name)
          .join(', ')}${all.length > 10 ? ', ...' : ''}`,
      });
    }
    const why = unusableReason(n, tolerations);
    if (why !== undefined) {
      throw new CnibenchError('K8S_NO_NODES', `node "${name}" cannot be used: ${why}`, {
        hint: 'name other nodes, or add tolerations under `kubernetes.tolerations` in the config file',
      });
    }
    if (!picked.some((p) => p.metadata.name === name)) picked.push(n);
  }
  return picked;
}

/** "a: 3 nodes, b: 1 node, no zone label: 2 nodes". */
function zoneCensus(nodes: readonly Node[]): string {
  const count = new Map<string, number>();
  for (const n of nodes) {
    const z = nodeZone(n) ?? 'no zone label';
    count.set(z, (count.get(z) ?? 0) + 1);
  }
  return [...count].map(([z, c]) => `${z}: ${c} node${c === 1 ? '' : 's'}`).join(', ') || 'none';
}

/** The second node: another zone when asked, else the same zone as the first when one is. */
function partner(first: Node, rest: readonly Node[], crossZone: boolean): Node | undefined {
  const zone = nodeZone(first);
  if (crossZone) return rest.find((n) => nodeZone(n) !== undefined && nodeZone(n) !== zone);
  return rest.find((n) => nodeZone(n) === zone) ?? rest[0];
}

/**
 * Picks the run's two nodes from one node list: the named ones, or the first two usable Linux
 * workers by name (a pair in the same zone, or in two zones with `crossZone`). Schedulable
 * control-plane nodes are used only when fewer workers are usable (kind and minikube clusters
 * of one node are their own control plane).
 */
export function chooseNodes(
  all: readonly Node[],
  tolerations: readonly Toleration[],
  names?: readonly string[],
  opts: { crossZone?: boolean } = {},
): NodeChoice {
  if (names !== undefined && names.length > 0) return { nodes: named(all, tolerations, names), skipped: [] };
  const skipped: NodeChoice['skipped'] = [];
  const workers: Node[] = [];
  const planes: Node[] = [];
  for (const n of [...all].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    const why = unusableReason(n, tolerations);
    if (why !== undefined) skipped.push({ name: n.metadata.name ?? '?', reason: why });
    else (isControlPlane(n) ? planes : workers).push(n);
  }
  const usable = [...workers, ...planes.slice(0, Math.max(0, 2 - workers.length))];
  if (opts.crossZone === true) usable.push(...planes.filter((p) => !usable.includes(p)));
  for (const p of planes.filter((x) => !usable.includes(x)))
    skipped.push({ name: p.metadata.name ?? '?', reason: 'control-plane node (two workers are usable)' });
  const first = usable[0];
  if (first === undefined) {
    const sample = skipped
      .slice(0, 5)
      .map((s) => `${s.name}: ${s.reason}`)
      .join('; ');
    throw new CnibenchError(
      'K8S_NO_NODES',
      `no schedulable Linux node among ${all.length} nodes (${sample})`,
      {
        hint: 'uncordon a node, name nodes with --nodes a,b, or add tolerations under `kubernetes.tolerations` in the config file',
      },
    );
  }
  const crossZone = opts.crossZone === true;
  const pick = crossZone
    ? usable.flatMap((a) => {
        const b = partner(a, usable.slice(usable.indexOf(a) + 1), true);
        return b === undefined ? [] : [[a, b]];
      })[0]
    : [first, partner(first, usable.slice(1), false)];
  if (pick === undefined) {
    throw new CnibenchError(
      'K8S_NO_NODES',
      `--cross-zone: no two usable nodes in different topology.kubernetes.io/zone zones (usable nodes by zone: ${zoneCensus(usable)})`,
      { hint: 'leave --cross-zone out, or name two nodes of different zones with --nodes a,b' },
    );
  }
  return { nodes: pick.filter((n): n is Node => n !== undefined), skipped };
}

export function internalIP(n: Node): string | undefined {
  return n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}
