import { num, parsed, unparsable, type ParseResult } from './common.js';

/** curl `-w` format of one transfer: one `key=value` line, `error=` last (it may hold spaces). */
export const CURL_TRANSFER_FORMAT =
  'cnibench: exit=%{exitcode} code=%{response_code} connect=%{time_connect} appconnect=%{time_appconnect} ' +
  'pretransfer=%{time_pretransfer} starttransfer=%{time_starttransfer} total=%{time_total} ' +
  'size=%{size_download} speed=%{speed_download} connects=%{num_connects} error=%{errormsg}\\n';

/** curl `-w` format of one connect-request-close transaction: compact, thousands of lines. */
export const CURL_CRR_FORMAT =
  '%{exitcode} %{response_code} %{num_connects} %{time_connect} %{time_starttransfer} %{time_total}\\n';

/** Timings of one curl transfer, seconds since curl started it. */
export interface CurlTransfer {
  exitCode: number;
  responseCode: number;
  connectS: number;
  startTransferS: number;
  totalS: number;
  bytes: number;
  /** curl's own rate: bytes / total time, set-up included (what seed 003 warns about). */
  curlSpeedBps: number;
  connects: number;
  error: string;
}

/** Parses the line printed with {@link CURL_TRANSFER_FORMAT}. Pure; never throws. */
export function parseCurlTransfer(stdout: string): ParseResult<CurlTransfer> {
  const line = stdout.split('\n').find((l) => l.startsWith('cnibench: exit='));
  if (line === undefined) {
    return unparsable(
      'TOOL_OUTPUT_INVALID',
      `curl printed no timing line: ${stdout.trim().slice(0, 200) || '(nothing)'}`,
    );
  }
  const cut = line.indexOf(' error=');
  const error = cut < 0 ? '' : line.slice(cut + ' error='.length).trim();
  const fields = new Map<string, string>();
  for (const kv of (cut < 0 ? line : line.slice(0, cut)).slice('cnibench: '.length).split(' ')) {
    const eq = kv.indexOf('=');
    if (eq > 0) fields.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  const get = (k: string): number | undefined => num(fields.get(k));
  const exitCode = get('exit');
  const connectS = get('connect');
  const startTransferS = get('starttransfer');
  const totalS = get('total');
  const bytes = get('size');
  if (
    exitCode === undefined ||
    connectS === undefined ||
    startTransferS === undefined ||
    totalS === undefined ||
    bytes === undefined
  ) {
    return unparsable('TOOL_OUTPUT_INVALID', `curl timing line lacks a field: ${line.slice(0, 200)}`);
  }
  return parsed({
    exitCode,
    responseCode: get('code') ?? 0,
    connectS,
    startTransferS,
    totalS,
    bytes,
    curlSpeedBps: get('speed') ?? 0,
    connects: get('connects') ?? 0,
    error,
  });
}

/** One transaction of a {@link CURL_CRR_FORMAT} run. */
export interface CurlTransaction {
  exitCode: number;
  responseCode: number;
  connects: number;
  connectS: number;
  totalS: number;
}

/** A batch of transactions run by `sh -c 'date +%s%N; curl ...; echo rc=$?; date +%s%N'`. */
export interface CurlBatch {
  transactions: CurlTransaction[];
  /** Wall time of the batch measured at the endpoint (ns clock before and after curl). */
  wallS: number | undefined;
  curlExit: number | undefined;
  malformed: number;
}

/** Parses a connect-request-close batch. Pure; never throws. */
export function parseCurlBatch(stdout: string): CurlBatch {
  const transactions: CurlTransaction[] = [];
  const clocks: number[] = [];
  let curlExit: number | undefined;
  let malformed = 0;
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^\d{16,}$/.test(line)) {
      const clock = num(line);
      if (clock === undefined) malformed += 1;
      else clocks.push(clock);
      continue;
    }
    const rc = /^rc=(\d+)$/.exec(line);
    if (rc) {
      curlExit = num(rc[1]);
      continue;
    }
    const f = line.split(' ').map((x) => num(x));
    if (f.length !== 6 || f.some((x) => x === undefined)) {
      malformed += 1;
      continue;
    }
    const [exitCode, responseCode, connects, connectS, , totalS] = f as number[];
    transactions.push({
      exitCode: exitCode!,
      responseCode: responseCode!,
      connects: connects!,
      connectS: connectS!,
      totalS: totalS!,
    });
  }
  const wallS = clocks.length >= 2 ? (clocks[clocks.length - 1]! - clocks[0]!) / 1e9 : undefined;
  return { transactions, wallS, curlExit, malformed };
}
