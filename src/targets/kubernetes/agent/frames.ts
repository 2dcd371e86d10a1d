/** What the agent writes on its stdout, parsed. */
export type AgentMessage =
  | { type: 'ready' }
  | { type: 'missing'; program: string }
  | { type: 'result'; id: string; exitCode: number; stdout: string; stderr: string }
  /** Bytes that are not a frame (should not happen; kept for the error message). */
  | { type: 'noise'; text: string };

const HEADER = /^@@cnb ([A-Za-z0-9_-]+) (\d+)$/;
const MARK = Buffer.from('@@cnb ');

/**
 * Splits the agent's byte stream into messages: `@@cnb ready`, `@@cnb missing <program>`, and
 * result frames (`@@cnb <id> <code>`, stdout, `\n@@cnb-err <id>`, stderr, `\n@@cnb-end <id>`).
 * Chunks may cut anywhere, so bytes stay buffered until a whole message is there.
 */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): AgentMessage[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: AgentMessage[] = [];
    for (;;) {
      const m = this.next();
      if (m === undefined) return out;
      out.push(m);
    }
  }

  private next(): AgentMessage | undefined {
    if (this.buf.length === 0) return undefined;
    const start = this.buf.indexOf(MARK);
    if (start !== 0) {
      // anything before the next frame is noise; keep a possible partial mark at the end
      const cut = start < 0 ? Math.max(0, this.buf.length - MARK.length) : start;
      if (cut === 0) return undefined;
      return this.consume(cut, { type: 'noise', text: this.buf.subarray(0, cut).toString('utf8') });
    }
    const nl = this.buf.indexOf(0x0a);
    if (nl < 0) return undefined;
    const line = this.buf.subarray(0, nl).toString('utf8');
    if (line === '@@cnb ready') return this.consume(nl + 1, { type: 'ready' });
    if (line.startsWith('@@cnb missing '))
      return this.consume(nl + 1, { type: 'missing', program: line.slice('@@cnb missing '.length) });
    const h = HEADER.exec(line);
    if (h === null) return this.consume(nl + 1, { type: 'noise', text: line });
    const id = h[1]!;
    const errMark = Buffer.from(`\n@@cnb-err ${id}\n`);
    const endMark = Buffer.from(`\n@@cnb-end ${id}\n`);
    const errAt = this.buf.indexOf(errMark, nl + 1);
    if (errAt < 0) return undefined;
    const endAt = this.buf.indexOf(endMark, errAt + errMark.length);
    if (endAt < 0) return undefined;
    return this.consume(endAt + endMark.length, {
      type: 'result',
      id,
      exitCode: Number(h[2]),
      stdout: this.buf.subarray(nl + 1, errAt).toString('utf8'),
      stderr: this.buf.subarray(errAt + errMark.length, endAt).toString('utf8'),
    });
  }

  private consume(n: number, m: AgentMessage): AgentMessage {
    this.buf = this.buf.subarray(n);
    return m;
  }
}
