import type { Support } from '../../model/capabilities.js';
import { CnibenchError } from '../../model/errors.js';
import type { KubeApi, ObjectMeta } from './api/index.js';
import { labelValue, runLabels } from './manifests.js';

/** The pod annotation that asks Multus for more interfaces. */
export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
const GROUP = '/apis/k8s.cni.cncf.io/v1';
const RESOURCE = 'network-attachment-definitions';
const MULTUS_DOCS = 'https://github.com/k8snetworkplumbingwg/multus-cni';
const RBAC_FIX =
  'kubectl apply -f deploy/rbac-multus.yaml and bind the ClusterRole cnibench-multus (docs/kubernetes.md, "Secondary networks (Multus)")';

/** The scenario's NetworkAttachmentDefinition, copied into the run's namespace under its own name. */
export interface MultusNetwork {
  /** As configured: `namespace/name`. */
  ref: string;
  /** The copy's namespace (the run's) and name, which the pods' annotation names. */
  namespace: string;
  name: string;
}

/** Whether a scenario's pods get a secondary interface, or why not. */
export type SecondaryNetwork = { network: MultusNetwork } | { reason: string };

interface NetworkAttachmentDefinition {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { config?: string };
}

interface ApiResourceList {
  resources?: { name?: string }[];
}

/** The reason of a scenario without `secondaryNetwork`. */
export function noSecondaryNetwork(scenario: string): { reason: string } {
  return {
    reason: `scenario ${scenario} names no secondaryNetwork (set secondaryNetwork: namespace/name of a Multus NetworkAttachmentDefinition)`,
  };
}

/** Capability `secondary-network`: yes once the NetworkAttachmentDefinition is in place, else why not. */
export function secondarySupport(s: SecondaryNetwork | undefined, scenario: string): Support {
  const found = s ?? noSecondaryNetwork(scenario);
  return 'reason' in found ? found : true;
}

/**
 * Detects Multus (the `k8s.cni.cncf.io/v1` API) and the named NetworkAttachmentDefinition, and
 * copies it into the run's namespace, so Multus's namespace isolation, when on, does not refuse
 * the pods. Anything missing is a reason, never a failure: measurements over the secondary
 * network are then skipped. Only a cluster that stops answering (or the run's end) throws.
 */
export async function prepareSecondaryNetwork(
  api: KubeApi,
  q: { scenario: string; ref: string | undefined; ns: string; runId: string },
  signal: AbortSignal,
): Promise<SecondaryNetwork> {
  if (q.ref === undefined) return noSecondaryNetwork(q.scenario);
  const [from, name] = q.ref.split('/') as [string, string];
  try {
    const missing = await multusMissing(api, signal);
    if (missing !== undefined) return { reason: missing };
    const nad = await readNad(api, from, name, signal);
    if ('reason' in nad) return nad;
    await api.post(`${GROUP}/namespaces/${q.ns}/${RESOURCE}`, copyOf(nad, q.ns, q.runId), { signal });
    return { network: { ref: q.ref, namespace: q.ns, name } };
  } catch (e) {
    if (signal.aborted || !(e instanceof CnibenchError) || !REASON_CODES.has(e.code)) throw e;
    const fix = e.code === 'K8S_FORBIDDEN' ? RBAC_FIX : (e.hint ?? 'see the message');
    return {
      reason: `NetworkAttachmentDefinition ${q.ref} could not be used: ${e.message} (fix: ${fix})`,
    };
  }
}

/** API answers that leave the scenario without a secondary network rather than fail it. */
const REASON_CODES = new Set(['K8S_FORBIDDEN', 'K8S_NOT_FOUND', 'K8S_API', 'K8S_CONFLICT']);

/** Undefined when the NetworkAttachmentDefinition API is served, else the reason. */
async function multusMissing(api: KubeApi, signal: AbortSignal): Promise<string | undefined> {
  const none = `no NetworkAttachmentDefinition API (k8s.cni.cncf.io/v1): Multus is not installed (fix: install Multus, ${MULTUS_DOCS})`;
  try {
    const list = await api.get<ApiResourceList>(GROUP, { signal });
    return list.resources?.some((r) => r.name === RESOURCE) === false ? none : undefined;
  } catch (e) {
    if (e instanceof CnibenchError && e.code === 'K8S_NOT_FOUND') return none;
    throw e;
  }
}

async function readNad(
  api: KubeApi,
  namespace: string,
  name: string,
  signal: AbortSignal,
): Promise<NetworkAttachmentDefinition | { reason: string }> {
  try {
    return await api.get<NetworkAttachmentDefinition>(
      `${GROUP}/namespaces/${namespace}/${RESOURCE}/${name}`,
      { signal },
    );
  } catch (e) {
    if (!(e instanceof CnibenchError) || e.code !== 'K8S_NOT_FOUND') throw e;
    return {
      reason:
        `NetworkAttachmentDefinition ${namespace}/${name} not found (fix: create it, ` +
        `or name an existing one in secondaryNetwork: kubectl get network-attachment-definitions -A)`,
    };
  }
}

/** The copy in the run's namespace: the same config and annotations (e.g. an SR-IOV resourceName). */
function copyOf(nad: NetworkAttachmentDefinition, ns: string, runId: string): NetworkAttachmentDefinition {
  const annotations = { ...(nad.metadata.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: {
      name: nad.metadata.name ?? '',
      namespace: ns,
      labels: runLabels(labelValue(runId)),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    ...(nad.spec !== undefined ? { spec: nad.spec } : {}),
  };
}
