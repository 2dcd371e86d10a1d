import type { CommandResult } from '../exec/runner.js';
import type { Placement } from '../measure/placement.js';
import type { ScenarioConfig } from '../config/schema.js';

export type TargetKind = 'lab' | 'kubernetes';

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

/** Resource use of the network datapath during one repetition; absent figures are listed, never zero. */
export interface ResourceUsage {
  metrics: Record<string, { value: number; unit: string }>;
  absent: string[];
  source: string;
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

/** Environment facts recorded with every result (SPEC 6.7). Free-form but flat. */
export type Environment = Record<string, string | number | boolean | null>;

/**
 * A place where measurements run: the local lab or a Kubernetes cluster. Measurements only
 * see this interface, so every measurement runs on every target.
 */
export interface Target {
  readonly kind: TargetKind;
  /**
   * Ports servers may use, when the target can only offer some (Kubernetes: those its Service
   * exposes); default: the engine's own range.
   */
  readonly ports?: { first: number; count: number };
  /** Sets a scenario up (lab: builds the topology; Kubernetes: runs setup, creates pods). */
  prepareScenario(scenario: ScenarioConfig, signal: AbortSignal): Promise<Environment>;
  /** Placements this scenario can offer, with the reason for each one it cannot. */
  placements(): { supported: Placement[]; unsupported: { placement: Placement; reason: string }[] };
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
   * For the `services` measurement: programs `count` Services, the last one in front of the
   * path's server on `port`, and returns its address. Targets that cannot leave it out.
   */
  programServices?(
    path: PreparedPath,
    request: ServicesRequest,
    signal: AbortSignal,
  ): Promise<ProgrammedServices>;
  /** Starts collecting the datapath's resource use for one repetition on a path. */
  startResourceProbe(path: PreparedPath): Promise<ResourceProbe>;
  /** Removes what prepareScenario created. Idempotent. */
  teardownScenario(): Promise<void>;
  /** Removes everything this target created. Idempotent; safe after a failure at any point. */
  teardown(): Promise<void>;
}
