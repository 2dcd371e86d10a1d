import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ResultDocument } from '../../../src/results/schema.js';
import { makeResultDoc } from '../../helpers/result-fixture.js';

/**
 * A result of one scenario with TCP throughput per repetition, no retransmits, and UDP at a
 * fixed offered rate with the same loss pattern (0.1, 0.2, 0.1, ...), as many repetitions.
 */
export function tcpDoc(runId: string, scenario: string, throughput: number[]): ResultDocument {
  const each = (f: (i: number) => number): number[] => throughput.map((_, i) => f(i));
  return makeResultDoc({
    runId,
    scenarios: [{ name: scenario }],
    results: [
      { scenario, metrics: { throughput_gbps: throughput, retransmits: each(() => 0) } },
      {
        scenario,
        measurement: 'udp',
        variant: 'bitrate=1G',
        metrics: { offered_gbps: each(() => 1), loss_pct: each((i) => (i % 2 === 0 ? 0.1 : 0.2)) },
      },
    ],
  });
}

/** Five repetitions each: a baseline, one 10% slower, one within noise; and one of only three. */
export const BASE = [10.0, 10.01, 9.99, 10.02, 9.98];
export const SLOW = [9.0, 9.01, 8.99, 9.02, 8.98];
export const NEAR = [9.95, 10.1, 10.2, 9.9, 10.05];
export const FEW = [9.0, 9.01, 8.99];

export function writeDocs(docs: Record<string, ResultDocument>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-compare-'));
  const out: Record<string, string> = {};
  for (const [name, doc] of Object.entries(docs)) {
    out[name] = join(dir, `${name}.json`);
    writeFileSync(out[name], JSON.stringify(doc));
  }
  return out;
}

export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export function io(): { stdout: Capture; stderr: Capture } {
  return { stdout: new Capture(), stderr: new Capture() };
}
