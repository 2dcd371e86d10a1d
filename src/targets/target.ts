import type { CommandResult } from '../exec/runner.js';
import type { Capability, Support } from '../model/capabilities.js';
import type { Environment } from '../model/environment.js';
import type { Placement } from '../model/placement.js';
import type { ResourceUsage } from '../model/resources.js';

/** One end of a measurement: a pod (or the node itself for the `host` placement). */
export interface Endpoint {
  /** Short stable name, e.g. `node1/pod-a` or a pod name. */
  id: string;
  node: string;
  /** The address the other end uses to reach this endpoint. */
  address: string;
  /** MTU of the endpoint's network interface, when known. */
  mtu?: number;
}

/** The two ends of one placement, ready to carry traffic. */
export interface PreparedPath {
  placement: Placement;
  client: Endpoint;
  server: Endpoint;
  /** Where the client connects: the server's address, or a virtual IP in front of it. */
  serverAddress: string;
  /** The smallest MTU on the way, when known. */
  pathMtu?: number;
}

/** A server started in the background for one measurement. */
export interface ServerHandle {
  /** Stops the server and returns what it printed. */
  stop(): Promise<CommandResult>;
}

export interface ServerOptions {
  /** Resolve once the server printed this (on stdout or stderr); otherwise after `settleMs`. */
  readyPattern?: RegExp;
  readyTimeoutMs: number;
  signal?: AbortSignal;
}

export interface ExecOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  input?: string;
}

export interface ResourceProbe {
  stop(): Promise<ResourceUsage>;
}

export interface ResolverInfo {
  /** Address of the DNS server the client queries. */
  server: string;
  /** A name that server answers for. */
  name: string;
  /** The address the name should resolve to, when known. */
  expect?: string;
}

export interface ServicesRequest {
  count: number;
  /** Lab: `iptables` or `nftables`; Kubernetes: whatever kube-proxy (or its replacement) runs. */
  mode: string;
  port: number;
}

export interface ProgrammedServices {
  /** The measured Service's address. */
  address: string;
  /** Rules or map entries programmed for these Services. */
  rules: number;
  mode: string;
  remove(): Promise<void>;
}

// --- policy and podnet (issue 13, part A) ---

export interface PolicyRequest {
  /** Policies on the server pod, each allowing one peer; the path's client is allowed by the last. 0: none. */
  count: number;
  /** Lab: `iptables` (Calico-style per-pod chains), `nftables` (one set lookup) or `ebpf` (one BPF map lookup); `cni`: the target's own. */
  mode: string;
  /** The TCP port the policies allow. */
  port: number;
}

export interface ProgrammedPolicies {
  /** Rules (or set elements, or objects) programmed. */
  rules: number;
  mode: string;
  /** What the target saw while applying them (e.g. how long the CNI took to enforce them). */
  notes?: string[];
  remove(): Promise<void>;
}

/** A pod attached on demand (`podnet`): its endpoint and how long its network set-up took. */
export interface NewPod {
  endpoint: Endpoint;
  /** Lab: CNI ADD; Kubernetes: pod create to Ready. */
  addMs: number;
  /** Wall clock (ms since the epoch) when the target said the pod was ready (ADD returned, pod Ready). */
  readyAtMs: number;
  /**
   * The `probe` command asked for, when the target could start it in the pod before its network
   * was set up (lab: in the namespace before CNI ADD), so its timing holds no start-up delay.
   */
  probe?: Promise<CommandResult>;
  /** What this target's add and delete times include, when it is not plain CNI ADD and DEL. */
  notes?: string[];
  /** Detaches the pod (lab: CNI DEL) and returns how long that took. Idempotent. */
  remove(): Promise<{ delMs: number }>;
}

// --- end policy and podnet ---

/** A scenario as every target sees it; each target validates the rest with its own schema. */
export interface ScenarioRef {
  name: string;
  target: string;
  [field: string]: unknown;
}

/** Placements a scenario can offer, with the reason for each one it cannot. */
export interface PlacementSupport {
  supported: Placement[];
  unsupported: { placement: Placement; reason: string }[];
}

/**
 * One prepared scenario: the network configuration under test, built and ready. Measurements
 * only see this interface, so every measurement runs on every target. Several sessions of one
 * target may be open at once (their names never collide), so that scenarios can be interleaved.
 */
export interface ScenarioSession {
  readonly scenario: string;
  /** Environment facts recorded with the scenario (SPEC 6.7). */
  readonly environment: Environment;
  /**
   * Ports servers may use, when the target can only offer some (Kubernetes: those its Service
   * exposes); default: the engine's own range.
   */
  readonly ports?: { first: number; count: number };
  placements(): PlacementSupport;
  /** Whether this scenario offers a capability a measurement needs, or why not. */
  supports(capability: Capability): Support;
  /** Returns the two ends of a placement once traffic passes between them. */
  preparePath(placement: Placement, signal: AbortSignal): Promise<PreparedPath>;
  /** Runs a command at an endpoint and returns its result as data. */
  exec(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult>;
  /** Starts a long-running server at an endpoint. */
  startServer(endpoint: Endpoint, argv: readonly string[], opts: ServerOptions): Promise<ServerHandle>;
  /**
   * A DNS resolver the client can query, and a name it resolves (Kubernetes: cluster DNS and
   * a Service name; lab: a DNS server the lab runs in its own namespace).
   */
  resolver(path: PreparedPath, signal: AbortSignal): Promise<ResolverInfo>;
  /**
   * For measurements that need `services-at-scale`: programs `count` Services, the last one in
   * front of the path's server on `port`, and returns its address.
   */
  programServices(
    path: PreparedPath,
    request: ServicesRequest,
    signal: AbortSignal,
  ): Promise<ProgrammedServices>;
  /**
   * For `network-policy`: applies `count` policies to the path's server pod (the client allowed
   * by the last) and returns how to remove them.
   */
  programPolicies?(
    path: PreparedPath,
    request: PolicyRequest,
    signal: AbortSignal,
  ): Promise<ProgrammedPolicies>;
  /** For `pod-attach`: a new pod on the client's node, ready as far as the target says. */
  attachPod?(path: PreparedPath, signal: AbortSignal, probe?: readonly string[]): Promise<NewPod>;
  /**
   * A capability check that needs traffic (e.g. whether the CNI enforces NetworkPolicy), run
   * after `supports` said yes, once per path; the session caches it.
   */
  checkCapability?(capability: Capability, path: PreparedPath, signal: AbortSignal): Promise<Support>;
  /**
   * Starts collecting the datapath's resource use for one repetition on a path; `plannedMs` is
   * how long the repetition's tool is planned to run (warm-up included), when known.
   */
  startResourceProbe(path: PreparedPath, plannedMs?: number): Promise<ResourceProbe>;
  /** Removes what this scenario created. Idempotent. */
  close(): Promise<void>;
  /**
   * Mesh runs (`run --mesh`): one client and one server endpoint on every node. Optional: a
   * target without it cannot run a mesh, and the run says so.
   */
  mesh?(signal: AbortSignal): Promise<MeshEndpoints>;
  /**
   * The same placement over the pods' secondary network (capability `secondary-network`): its
   * addresses and MTUs, or why this placement has none (e.g. Services live on the primary only).
   */
  /**
   * Runs a command in the network namespace of the node an endpoint is on (lab: the node
   * namespace, where the CNI's host side lives: veths, the bandwidth plugin's ifb and qdiscs).
   * Optional: a target without it cannot show node-side drop counters.
   */
  nodeExec?(endpoint: Endpoint, argv: readonly string[], opts: ExecOptions): Promise<CommandResult>;
  networkPath?(
    path: PreparedPath,
    network: 'secondary',
    signal: AbortSignal,
  ): Promise<PreparedPath | { reason: string }>;
}

/** One node of a mesh: its client and server endpoints, and its zone when known. */
export interface MeshNode {
  node: string;
  zone?: string;
  client: Endpoint;
  server: Endpoint;
}

/** What a scenario offers a mesh run: the nodes' endpoints and how to reach them. */
export interface MeshEndpoints {
  nodes: MeshNode[];
  /** Nodes left out (not Ready, pods that did not start), with the reason. */
  excluded: { node: string; reason: string }[];
  /** Tests run at once unless the user says otherwise: few where all share one machine (lab). */
  defaultConcurrency: number;
  /** Facts recorded with the scenario: set-up time, what was created. */
  environment: Environment;
  /** Where measurements run their commands on mesh endpoints (e.g. over streams kept open). */
  session: ScenarioSession;
  /** The path from one node's client to another node's server, once traffic passes. */
  preparePair(client: MeshNode, server: MeshNode, signal: AbortSignal): Promise<PreparedPath>;
  /** Releases what the mesh holds open; its pods go with the scenario. Idempotent. */
  close(): Promise<void>;
}

/**
 * A place where measurements run: the local lab or a Kubernetes cluster. Created by its
 * provider (targets/provider.ts); the engine only sees this interface.
 */
export interface Target {
  readonly kind: string;
  /**
   * The scenarios that may be open at once, in groups: the engine builds each group together and
   * interleaves its scenarios' repetitions, so drift hits them alike (lab: all of them; Kubernetes:
   * scenarios on separate contexts, while a `setup` that reconfigures a cluster runs alone).
   */
  groups(scenarios: readonly ScenarioRef[]): { scenarios: ScenarioRef[]; why: string }[];
  /** Builds a scenario (lab: the topology; Kubernetes: runs setup, creates pods). */
  openScenario(scenario: ScenarioRef, signal: AbortSignal): Promise<ScenarioSession>;
  /** Removes everything this target created. Idempotent; safe after a failure at any point. */
  teardown(): Promise<void>;
  /**
   * Called once the result is saved and reported: what the target still follows in the
   * background (Kubernetes: namespace deletions) gets a short last wait, then is left to the
   * platform, said in the log. Optional.
   */
  finish?(): Promise<void>;
}
