/**
 * The JSON shapes cnibench reads from and writes to the API server: only the fields it uses,
 * exactly as they are on the wire (timestamps are strings). Stable from Kubernetes 1.20 on.
 */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string;
  creationTimestamp?: string;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
}

export interface List<T> {
  kind?: string;
  metadata?: ListMeta;
  items: T[];
}

export interface Status {
  kind?: 'Status';
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface Node {
  metadata: ObjectMeta;
  spec?: { unschedulable?: boolean; taints?: Taint[]; podCIDR?: string; providerID?: string };
  status?: {
    conditions?: NodeCondition[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: {
      kernelVersion?: string;
      osImage?: string;
      operatingSystem?: string;
      architecture?: string;
      containerRuntimeVersion?: string;
      kubeletVersion?: string;
      kubeProxyVersion?: string;
    };
  };
}

export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}

export interface ContainerStateTerminated {
  exitCode?: number;
  reason?: string;
  message?: string;
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image?: string;
  state?: { waiting?: ContainerStateWaiting; running?: object; terminated?: ContainerStateTerminated };
  lastState?: { terminated?: ContainerStateTerminated };
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { capabilities?: { add?: string[] } };
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface PodSpec {
  containers: Container[];
  nodeName?: string;
  hostNetwork?: boolean;
  dnsPolicy?: string;
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  tolerations?: Toleration[];
  affinity?: object;
  imagePullSecrets?: { name: string }[];
}

export interface Pod {
  apiVersion?: 'v1';
  kind?: 'Pod';
  metadata: ObjectMeta;
  spec?: PodSpec;
  status?: {
    phase?: string;
    podIP?: string;
    hostIP?: string;
    reason?: string;
    message?: string;
    conditions?: PodCondition[];
    containerStatuses?: ContainerStatus[];
  };
}

export interface ServicePort {
  name: string;
  protocol: 'TCP' | 'UDP';
  port: number;
  targetPort: number;
}

export interface Service {
  apiVersion?: 'v1';
  kind?: 'Service';
  metadata: ObjectMeta;
  spec?: { type?: string; clusterIP?: string; selector?: Record<string, string>; ports?: ServicePort[] };
}

export interface Namespace {
  apiVersion?: 'v1';
  kind?: 'Namespace';
  metadata: ObjectMeta;
  status?: { phase?: string };
}

export interface DaemonSet {
  metadata: ObjectMeta;
  spec?: {
    selector?: { matchLabels?: Record<string, string> };
    template?: { spec?: { containers?: Container[]; initContainers?: Container[] } };
  };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberReady?: number;
    numberAvailable?: number;
    numberUnavailable?: number;
    observedGeneration?: number;
  };
}

export interface Secret {
  apiVersion?: 'v1';
  kind?: 'Secret';
  metadata: ObjectMeta;
  type?: string;
  data?: Record<string, string>;
}

export interface ConfigMap {
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

export interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
  platform?: string;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T | Status;
}

/** kubelet `/stats/summary`, the parts about CPU and memory. */
export interface StatsSummary {
  node?: { nodeName?: string; cpu?: CpuStats; memory?: MemoryStats };
  pods?: {
    podRef: { name: string; namespace: string };
    cpu?: CpuStats;
    memory?: MemoryStats;
    containers?: { name: string; cpu?: CpuStats; memory?: MemoryStats }[];
  }[];
}

export interface CpuStats {
  time?: string;
  usageNanoCores?: number;
  usageCoreNanoSeconds?: number;
}

export interface MemoryStats {
  workingSetBytes?: number;
}

/** metrics.k8s.io PodMetrics. */
export interface PodMetrics {
  metadata: ObjectMeta;
  containers: { name: string; usage: { cpu?: string; memory?: string } }[];
}
