import type { ResultDocument } from '../../../src/results/schema.js';
import { makeResultDoc, type FixtureMeasurement } from '../../helpers/result-fixture.js';

export const EVIL = '<script>alert(1)</script>';

const series = (base: number) => (rep: number) => [
  {
    metric: 'throughput_gbps',
    unit: 'Gbit/s',
    points: Array.from({ length: 10 }, (_, t): [number, number] => [
      t + 1,
      base + Math.sin(t + rep) * base * 0.05,
    ]),
  },
];

/** Two lab scenarios (one of them named with markup), three placements, TCP and UDP, with series and a failure. */
export function reportDoc(): ResultDocument {
  const scenarios = ['bridge-native', 'vxlan', EVIL];
  const tput: Record<string, Record<string, number>> = {
    'bridge-native': { host: 40, 'same-node': 30, 'cross-node': 25 },
    vxlan: { host: 40, 'same-node': 30, 'cross-node': 14 },
    [EVIL]: { host: 40, 'same-node': 28, 'cross-node': 20 },
  };
  const doc = makeResultDoc({
    runId: '20260101-000000-ab12',
    scenarios: scenarios.map((name) => ({
      name,
      config: { profile: name === 'vxlan' ? 'vxlan' : 'bridge-native', mtu: 1500 },
      environment: { kernel: '6.1.0-cnb', profile: name, 'plugin bridge': 'v1.4.0 ' + EVIL },
    })),
    results: scenarios.flatMap((scenario) =>
      (['host', 'same-node', 'cross-node'] as const).flatMap((placement): FixtureMeasurement[] => {
        const t = tput[scenario]![placement]!;
        return [
          {
            scenario,
            placement,
            metrics: {
              throughput_gbps: [t * 0.98, t, t * 1.01],
              retransmits: [0, 2, 1],
              sender_cpu_pct: placement === 'host' ? [99, 98, 97] : [60, 61, 62],
              receiver_cpu_pct: [40, 41, 42],
            },
            series: series(t),
          },
          {
            scenario,
            placement,
            measurement: 'udp' as const,
            variant: 'bitrate=1G',
            metrics: {
              throughput_gbps: [0.95, 0.96, 0.9],
              loss_pct: [0.5, 3, 1.5],
              jitter_ms: [0.01, 0.02, 0.01],
              offered_gbps: [1, 1, 1],
            },
            ...(scenario === 'vxlan' && placement === 'cross-node' ? { failed: [2] } : {}),
          },
        ];
      }),
    ),
    failures: [
      {
        scenario: 'vxlan',
        placement: 'cross-node',
        measurement: 'udp',
        variant: 'bitrate=1G',
        repetition: 3,
        error: { code: 'TOOL_FAILED', message: `iperf3 exited with 1: ${EVIL}` },
      },
    ],
  });
  for (const r of doc.results) {
    r.path = {
      client: { id: 'pod-a', node: `node-1${EVIL}`, address: '10.244.1.2', mtu: 1450 },
      server: { id: 'pod-b', node: 'node-2', address: '10.244.2.2' },
      serverAddress: '10.244.2.2',
      pathMtu: 1450,
    };
    const rep = r.repetitions[0]!;
    rep.raw.push({
      role: 'client',
      command: ['iperf3', '-c', '10.244.2.2', '-J'],
      exitCode: 0,
      signal: null,
      timedOut: false,
      stdout: `{"title": "${EVIL}"}`,
      stderr: '',
      durationMs: 3000,
    });
  }
  return doc;
}
