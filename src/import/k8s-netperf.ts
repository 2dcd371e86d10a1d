import { basename } from 'node:path';
import { finiteNumber, importError } from './fail.js';
import { readCsv, type CsvRow } from './csv.js';
import { describe, measurementOf, netperfVariant, placementOf, type NetperfRow } from './k8s-netperf-map.js';
import type { Converter, ImportedFile, ImportedTest } from './types.js';

const COMMON = [
  'Driver',
  'Profile',
  'Same node',
  'Host Network',
  'Service',
  'Duration',
  'Parallelism',
  '# of Samples',
  'Message Size',
];
const RESULT = [
  ...COMMON,
  'Avg Throughput',
  'Throughput Metric',
  '99%tile Observed Latency',
  'Latency Metric',
];
const LOSS_RT = ['Type', ...COMMON, 'Value'];
const OPTIONAL = [
  'Burst',
  'Confidence metric - low',
  'Confidence metric - high',
  'External Server',
  'UDN Info',
  'Bridge Info',
];
const FIX = 'import the CSV as k8s-netperf wrote it (result-*.csv, loss-rt-result-*.csv)';

type Get = (column: string) => string;

/**
 * k8s-netperf's `result-<time>.csv` (one row per test: the mean of its samples) and
 * `loss-rt-result-<time>.csv` (mean TCP retransmits and UDP loss, which complete the tests of
 * the result file of the same run). Columns are found by name, so the layouts of every
 * k8s-netperf version read alike (pkg/archive/archive.go of cloud-bulldozer/k8s-netperf).
 */
export const convertK8sNetperf: Converter = (text, file) => {
  const rows = readCsv(text, file);
  const header = rows[0];
  if (header === undefined) throw importError(file, undefined, 'is empty', FIX);
  const kind = kindOf(header, file);
  const out: ImportedFile = { tests: [], environment: {}, notes: [] };
  const tag = /-(\d+)\.csv$/i.exec(basename(file));
  if (tag) out.runTag = tag[1];
  const known = new Set([...(kind === 'result' ? RESULT : LOSS_RT), ...OPTIONAL]);
  const unread = header.fields.filter((c) => !known.has(c));
  if (unread.length > 0) out.notes.push(`${file}: columns not read: ${unread.join(', ')}`);
  for (const row of rows.slice(1)) {
    if (row.fields.length !== header.fields.length) {
      throw importError(
        file,
        row.line,
        `has ${row.fields.length} fields, the header ${header.fields.length}`,
        FIX,
      );
    }
    const get: Get = (c) => row.fields[header.fields.indexOf(c)] ?? '';
    const test =
      kind === 'result' ? resultTest(row, get, header, file, out) : lossRtTest(row, get, header, file, out);
    if (test !== undefined) out.tests.push(test);
  }
  return out;
};

function kindOf(header: CsvRow, file: string): 'result' | 'loss-rt' {
  const has = (cols: string[]): string[] => cols.filter((c) => !header.fields.includes(c));
  if (header.fields[0] === 'Role') {
    throw importError(
      file,
      header.line,
      'is a k8s-netperf CPU or pod archive, which has no cnibench mapping',
      'import result-*.csv and loss-rt-result-*.csv',
    );
  }
  const missing = header.fields[0] === 'Type' ? has(LOSS_RT) : has(RESULT);
  if (missing.length > 0) {
    throw importError(
      file,
      header.line,
      `is not a k8s-netperf CSV: no column ${missing.map((c) => `"${c}"`).join(', ')}`,
      FIX,
    );
  }
  return header.fields[0] === 'Type' ? 'loss-rt' : 'result';
}

function rowOf(get: Get, row: CsvRow, file: string): NetperfRow {
  const bool = (c: string): boolean => {
    const v = get(c);
    if (v === 'true' || v === 'false') return v === 'true';
    if (v === '' && !['Same node', 'Host Network', 'Service'].includes(c)) return false;
    throw importError(file, row.line, `column "${c}" is "${v}", not true or false`, FIX);
  };
  const int = (c: string, optional = false): number => {
    if (optional && get(c) === '') return 0;
    const n = finiteNumber(get(c), file, row.line, `column "${c}"`);
    if (!Number.isInteger(n) || n < 0)
      throw importError(file, row.line, `column "${c}" is "${get(c)}", not a whole number`, FIX);
    return n;
  };
  return {
    driver: get('Driver'),
    profile: get('Profile'),
    sameNode: bool('Same node'),
    hostNetwork: bool('Host Network'),
    service: bool('Service'),
    externalServer: bool('External Server'),
    parallelism: int('Parallelism'),
    messageSize: int('Message Size'),
    burst: int('Burst', true),
    udn: get('UDN Info'),
    bridge: get('Bridge Info'),
  };
}

/** The row's test, or undefined (with a note) where cnibench has no placement or measurement for it. */
function baseTest(
  get: Get,
  row: CsvRow,
  header: CsvRow,
  file: string,
  out: ImportedFile,
  figures: string,
): ImportedTest | undefined {
  const r = rowOf(get, row, file);
  const placement = placementOf(r);
  const measurement = measurementOf(r.profile);
  if (!placement.ok || !measurement.ok) {
    const why = placement.ok ? (measurement.ok ? '' : measurement.reason) : placement.reason;
    out.notes.push(`${file}:${row.line}: ${describe(r)}: ${why}; not imported (${figures})`);
    return undefined;
  }
  const samples = int(get('# of Samples'), file, row.line);
  const durationS = int(get('Duration'), file, row.line);
  return {
    placement: placement.value,
    measurement: measurement.value,
    variant: netperfVariant(r),
    parameters: {
      driver: r.driver,
      profile: r.profile,
      streams: r.parallelism,
      messageSize: r.messageSize,
      ...(r.burst > 0 ? { burst: r.burst } : {}),
      ...(r.udn === '' ? {} : { udn: r.udn }),
      ...(r.bridge === '' ? {} : { bridge: r.bridge }),
      samples,
      duration: durationS,
    },
    tool: `k8s-netperf/${r.driver}`,
    status: 'ok',
    metrics: {},
    series: [],
    notes: [
      `the mean of ${samples} k8s-netperf sample(s) of ${durationS} s; the samples themselves are not in the CSV`,
    ],
    durationMs: samples * durationS * 1000,
    raw: `${header.text}\n${row.text}\n`,
    command: [],
    lines: [row.line, row.line],
  };
}

function resultTest(
  row: CsvRow,
  get: Get,
  header: CsvRow,
  file: string,
  out: ImportedFile,
): ImportedTest | undefined {
  const unit = get('Throughput Metric');
  const figures = `${get('Avg Throughput')} ${unit}, p99 latency ${get('99%tile Observed Latency')} ${get('Latency Metric')}`;
  const test = baseTest(get, row, header, file, out, figures);
  if (test === undefined) return undefined;
  const stream = test.measurement === 'tcp' || test.measurement === 'udp';
  const expected = stream ? 'Mb/s' : 'OP/s';
  if (unit !== expected)
    throw importError(
      file,
      row.line,
      `${get('Profile')} throughput is in "${unit}", expected ${expected}`,
      FIX,
    );
  const value = Number(get('Avg Throughput'));
  if (get('Avg Throughput').trim() === '' || !Number.isFinite(value) || value <= 0) {
    return {
      ...test,
      status: 'failed',
      error: {
        code: 'TOOL_FAILED',
        message: `k8s-netperf reported ${get('Avg Throughput') || 'nothing'} ${unit}: it writes 0 or NaN when a test gave no sample`,
      },
    };
  }
  test.metrics[stream ? 'throughput_gbps' : 'rate_per_s'] = stream ? value / 1000 : value;
  latency(test, get, stream, row.line);
  const lo = Number(get('Confidence metric - low'));
  const hi = Number(get('Confidence metric - high'));
  if (Number.isFinite(lo) && Number.isFinite(hi) && hi > 0)
    test.notes.push(`k8s-netperf's 95% interval of the mean: ${lo}..${hi} ${unit}`);
  return test;
}

function latency(test: ImportedTest, get: Get, stream: boolean, line: number): void {
  const text = get('99%tile Observed Latency');
  const value = Number(text);
  const unit = get('Latency Metric');
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || unit !== 'usec') {
    if (!stream) test.notes.push(`line ${line}: no usable p99 latency ("${text}" ${unit})`);
    return;
  }
  if (stream)
    test.notes.push(`p99 latency during the stream ${value} us (no cnibench metric of ${test.measurement})`);
  else {
    test.metrics.latency_p99_us = value;
    test.notes.push("latency_p99_us is the mean of the samples' 99th percentiles");
  }
}

function lossRtTest(
  row: CsvRow,
  get: Get,
  header: CsvRow,
  file: string,
  out: ImportedFile,
): ImportedTest | undefined {
  const type = get('Type');
  const metric =
    type === 'TCP Retransmissions' ? 'retransmits' : type === 'UDP Percent Loss' ? 'loss_pct' : undefined;
  if (metric === undefined)
    throw importError(
      file,
      row.line,
      `type "${type}" is neither TCP Retransmissions nor UDP Percent Loss`,
      FIX,
    );
  const test = baseTest(get, row, header, file, out, `${type} ${get('Value')}`);
  if (test === undefined) return undefined;
  const value = Number(get('Value'));
  if (get('Value').trim() === '' || !Number.isFinite(value) || value < 0) {
    out.notes.push(`${file}:${row.line}: ${type} is "${get('Value')}": not imported`);
    return undefined;
  }
  return {
    ...test,
    supplement: true,
    metrics: { [metric]: value },
    notes: [`${metric} is the mean over the samples (k8s-netperf ${type})`],
  };
}

function int(text: string, file: string, line: number): number {
  const n = finiteNumber(text, file, line, 'count');
  if (!Number.isInteger(n) || n < 0) throw importError(file, line, `"${text}" is not a whole number`, FIX);
  return n;
}
