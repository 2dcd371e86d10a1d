import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { must, run, startServer } from '../lib/exec.js';
import type { Case, Metrics, Timing } from './cases.js';

/** bench/fidelity/topology.sh in the source tree (this file runs from dist/bench/fidelity/). */
const TOPOLOGY = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'bench',
  'fidelity',
  'topology.sh',
);

/** A topology built by hand: namespaces `<prefix>-*` and the pods' addresses. */
export interface HandBuilt {
  prefix: string;
  address: Record<string, string>;
}

export async function buildByHand(prefix: string, profile: string): Promise<HandBuilt> {
  const out = await must(['bash', TOPOLOGY, 'up', prefix, profile], 180);
  const address: Record<string, string> = {};
  for (const line of out.trim().split('\n')) {
    const [k, v] = line.split('=');
    if (k !== undefined && v !== undefined) address[k] = v;
  }
  return { prefix, address };
}

export async function destroyByHand(prefix: string): Promise<void> {
  await run(['bash', TOPOLOGY, 'down', prefix], 120);
}

const IPERF3_PORT = '5201';
const SOCKPERF_PORT = '11111';

/** One case measured with the raw tools, as a person would type them. */
export async function measureRaw(t: HandBuilt, c: Case, timing: Timing): Promise<Metrics> {
  const client = `${t.prefix}-pod-a`;
  const serverPod = c.placement === 'same-node' ? 'pod-b' : 'pod-c';
  const server = `${t.prefix}-${serverPod}`;
  const address = t.address[serverPod]!;
  const ns = (name: string, argv: string[]): string[] => ['ip', 'netns', 'exec', name, ...argv];
  if (c.kind === 'rr') {
    const s = await startServer(
      ns(server, ['sockperf', 'server', '--tcp', '-i', address, '-p', SOCKPERF_PORT]),
      /to block on socket/,
    );
    const seconds = String(Math.max(1, Math.ceil(timing.durationS + timing.warmupS)));
    const r = await run(
      ns(client, [
        'sockperf',
        'ping-pong',
        '--tcp',
        '-i',
        address,
        '-p',
        SOCKPERF_PORT,
        '-t',
        seconds,
        '-m',
        String(c.messageSize),
        '--full-rtt',
      ]),
      timing.durationS + timing.warmupS + 30,
    );
    await s.stop();
    return sockperfMetrics(r.stdout + r.stderr);
  }
  // --forceflush: on a pipe iperf3 buffers its banner, and a readiness wait would never see it
  const s = await startServer(
    ns(server, ['iperf3', '-s', '-1', '-p', IPERF3_PORT, '--forceflush']),
    /Server listening/,
  );
  const args =
    c.kind === 'tcp'
      ? ['-P', String(c.streams), '-O', String(timing.warmupS)]
      : ['-u', '-b', c.bitrate, '-w', '4M'];
  const r = await run(
    ns(client, ['iperf3', '-c', address, '-p', IPERF3_PORT, '-J', '-t', String(timing.durationS), ...args]),
    timing.durationS + timing.warmupS + 30,
  );
  await s.stop();
  return iperf3Metrics(r.stdout);
}

interface Iperf3Json {
  error?: string;
  end?: {
    sum_received?: { bits_per_second?: number };
    sum?: { lost_percent?: number };
  };
}

/** The receiver's rate (TCP) or the loss (UDP) of an `iperf3 -J` client, read here on purpose, not with cnibench's parser. */
export function iperf3Metrics(stdout: string): Metrics {
  let j: Iperf3Json;
  try {
    j = JSON.parse(stdout) as Iperf3Json;
  } catch {
    return {};
  }
  if (j.error !== undefined) return {};
  const out: Metrics = {};
  const bps = j.end?.sum_received?.bits_per_second;
  if (bps !== undefined) out.throughput_gbps = bps / 1e9;
  const loss = j.end?.sum?.lost_percent;
  if (loss !== undefined) out.loss_pct = loss;
  return out;
}

/** p50 and p99 of a `sockperf ping-pong --full-rtt` run, in microseconds. */
export function sockperfMetrics(text: string): Metrics {
  const p = (q: string): number | undefined => {
    const m = new RegExp(`---> percentile\\s+${q}\\s*=\\s*([\\d.]+)`).exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const out: Metrics = {};
  const p50 = p('50\\.000');
  const p99 = p('99\\.000');
  if (p50 !== undefined) out.latency_p50_us = p50;
  if (p99 !== undefined) out.latency_p99_us = p99;
  return out;
}
