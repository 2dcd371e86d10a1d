import type { Placement } from '../model/placement.js';
import { importError } from './fail.js';
import { readKnbReport, type KnbFigures, type KnbReport } from './knb-report.js';
import type { Converter, ImportedFile, ImportedTest } from './types.js';
import { tcpVariant, udpVariant } from './variants.js';

/**
 * A knb report (InfraBuilder/k8s-bench-suite): pod to pod and pod to Service, TCP and UDP, one
 * iperf3 stream each (`iperf3 -c T -O 1 -f m`; UDP `-u -b 0`); the bandwidth is the receiver's,
 * in Mbit/s. Its CPU and RAM figures are whole-node figures, not iperf3's: kept as notes.
 */
export const convertKnb: Converter = (text, file) => {
  const report = readKnbReport(text, file);
  const out: ImportedFile = { tests: [], environment: environmentOf(report), notes: [] };
  const client = report.meta['client-node'];
  const server = report.meta['server-node'];
  for (const t of report.tests) {
    if (t.section === 'idle' || t.protocol === undefined) {
      out.notes.push(
        `${file}:${t.figures.line}: knb idle figures (no cnibench metric): ${nodeFigures(t.figures)}`,
      );
      continue;
    }
    if (client === undefined || server === undefined) {
      throw importError(
        file,
        undefined,
        'names no client or server node',
        'import the report as knb printed it',
      );
    }
    const placement: Placement =
      t.section === 'pod2svc' ? 'service' : client === server ? 'same-node' : 'cross-node';
    out.tests.push(testOf(t.protocol, placement, t.figures, text, file, report));
  }
  return out;
};

function testOf(
  protocol: 'tcp' | 'udp',
  placement: Placement,
  f: KnbFigures,
  text: string,
  file: string,
  report: KnbReport,
): ImportedTest {
  const date = Date.parse(`${report.meta.date ?? ''}Z`.replace(' ', 'T'));
  const test: ImportedTest = {
    placement,
    measurement: protocol,
    variant: protocol === 'tcp' ? tcpVariant(1, false) : udpVariant(0, 1, false),
    parameters:
      protocol === 'tcp'
        ? { streams: 1 }
        : { streams: 1, bitrate_bps: 0, socket_buffer: report.meta['socket-buffer-size'] ?? 'auto' },
    tool: 'knb/iperf3',
    status: 'ok',
    metrics: {},
    series: [],
    notes: [`knb node figures (whole nodes, not iperf3's own CPU): ${nodeFigures(f)}`],
    raw: text,
    command:
      protocol === 'tcp'
        ? ['iperf3', '-c', 'SERVER', '-O', '1', '-f', 'm']
        : ['iperf3', '-u', '-b', '0', '-c', 'SERVER', '-O', '1', '-f', 'm'],
    lines: [f.line, f.line],
    ...(Number.isFinite(date) ? { startedAt: new Date(date).toISOString() } : {}),
  };
  if (protocol === 'udp')
    test.notes.push(
      'offered rate unlimited (-b 0): knb reports no loss or jitter, and the rate reflects socket buffers',
    );
  const mbps = Number(f.bandwidth);
  if (f.bandwidth.trim() === '' || !Number.isFinite(mbps) || mbps <= 0) {
    return {
      ...test,
      status: 'failed',
      error: {
        code: 'TOOL_FAILED',
        message: `knb recorded bandwidth "${f.bandwidth}" (line ${f.line}): its iperf3 client printed no receiver line`,
      },
    };
  }
  test.metrics.throughput_gbps = mbps / 1000;
  return test;
}

function nodeFigures(f: KnbFigures): string {
  return `client node CPU ${f.clientCpu || '?'}, server node CPU ${f.serverCpu || '?'}, client node RAM used ${f.clientRam || '?'} MB, server node RAM used ${f.serverRam || '?'} MB`;
}

function environmentOf(report: KnbReport): ImportedFile['environment'] {
  const env: ImportedFile['environment'] = {};
  const m = report.meta;
  if (m.kernel) env.kernel = m.kernel;
  if (m['k8s-version']) env.kubernetes = m['k8s-version'];
  if (m.cpu) env.cpu = m.cpu;
  const mtu = Number(m.mtu);
  if (m.mtu !== undefined && Number.isFinite(mtu)) env.mtu = mtu;
  if (m['client-node']) env.clientNode = m['client-node'];
  if (m['server-node']) env.serverNode = m['server-node'];
  if (m.version) env.knb = m.version;
  if (m.name) env.knbRun = m.name;
  return env;
}
