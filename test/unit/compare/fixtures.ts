import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ResultDocument } from '../../../src/results/schema.js';
import { makeResultDoc } from '../../helpers/result-fixture.js';

/** A result of one scenario with TCP throughput per repetition and a fixed UDP loss. */
export function tcpDoc(runId: string, scenario: string, throughput: number[]): ResultDocument {
  return makeResultDoc({
    runId,
    scenarios: [{ name: scenario }],
    results: [
      { scenario, metrics: { throughput_gbps: throughput, retransmits: [0, 0, 0] } },
      {
        scenario,
        measurement: 'udp',
        variant: 'bitrate=1G',
        metrics: { offered_gbps: [1, 1, 1], loss_pct: [0.1, 0.2, 0.1] },
      },
    ],
  });
}

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
