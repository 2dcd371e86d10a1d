import type { z } from 'zod';
import type { SuiteSpec } from './schema.js';

/**
 * Built-in suites. `quick` is a smoke run (a lab run of every profile stays under two
 * minutes); `standard` is the articles' core set with their 10 s runs and 3 repetitions.
 */
export const BUILTIN_SUITES: Record<string, z.input<typeof SuiteSpec>> = {
  quick: {
    description:
      'a first verdict in about 2 minutes: single-stream TCP throughput, 1 s, 6 interleaved repetitions (the fewest that let a difference be called at 5% after the false-discovery control), same-node, cross-node and the host baseline; use standard for figures to publish',
    repeat: 6,
    duration: 1,
    warmup: 0,
    placements: ['same-node', 'cross-node', 'host'],
    measurements: [{ kind: 'tcp', streams: [1] }],
  },
  standard: {
    description:
      "the articles' core set: TCP 1 and 4 streams, UDP at 1 Gbit/s, RR/CRR latency, HTTP at 1000/s and max, DNS, HTTP/FTP/SCP transfer; 10 s each, 3 repetitions",
    repeat: 3,
    duration: 10,
    warmup: 2,
    placements: ['same-node', 'cross-node', 'host', 'service'],
    measurements: [
      { kind: 'tcp', streams: [1, 4] },
      { kind: 'udp', bitrate: ['1G'] },
      { kind: 'rr', messageSize: [64] },
      { kind: 'crr' },
      { kind: 'http', rate: [1000], maxRate: true, connection: ['keep-alive', 'close'], clients: 10 },
      { kind: 'dns', rate: 100, timeout: '1s' },
      { kind: 'transfer', protocols: ['http', 'ftp', 'scp'], size: '256M' },
    ],
  },
  full: {
    description:
      'everything, Service scaling (10 to 5000, iptables vs nftables) included; 5 repetitions of 10 s',
    repeat: 5,
    duration: 10,
    warmup: 2,
    placements: ['same-node', 'cross-node', 'host', 'service'],
    measurements: [
      { kind: 'tcp', streams: [1, 4, 8] },
      { kind: 'udp', bitrate: ['1G', '10G'] },
      { kind: 'rr', messageSize: [64, 1024] },
      { kind: 'crr' },
      { kind: 'http', rate: [1000, 5000], maxRate: true, connection: ['keep-alive', 'close'], clients: 10 },
      { kind: 'dns', rate: 100, timeout: '1s' },
      { kind: 'transfer', protocols: ['http', 'ftp', 'scp'], size: '1G' },
      {
        kind: 'services',
        counts: [10, 100, 1000, 5000],
        modes: ['iptables', 'nftables'],
        placements: ['cross-node'],
      },
    ],
  },
  mesh: {
    description:
      'node-pair mesh (run --mesh): RR latency with 64-byte messages and 1-stream TCP, 3 s each, once per ordered pair',
    repeat: 1,
    duration: 3,
    warmup: 1,
    placements: ['cross-node'],
    measurements: [
      { kind: 'rr', messageSize: [64] },
      { kind: 'tcp', streams: [1] },
    ],
  },
  // beyond: experiments past throughput and latency (docs/measurements.md, "Beyond")
  beyond: {
    description:
      'secondary networks, rate limits, MTU mistakes, policy cost and pod network set-up: 1-stream TCP and UDP below and above a 500 Mbit/s limit over the primary and the secondary network, crr/rr with 0, 100 and 1000 policies (iptables, nftables), CNI ADD/DEL and time to first connection, 3 s, 4 repetitions; run with examples/lab-beyond.yaml',
    repeat: 4,
    duration: 3,
    warmup: 1,
    placements: ['cross-node', 'host'],
    networks: ['primary', 'secondary'],
    measurements: [
      { kind: 'tcp', streams: [1] },
      { kind: 'udp', bitrate: ['250M', '1G'] },
      { kind: 'policy', counts: [0, 100, 1000], modes: ['iptables', 'nftables'], tests: ['crr', 'rr'] },
      { kind: 'podnet', tests: ['setup', 'churn'], pods: 3, churn: [10] },
    ],
  },
};
