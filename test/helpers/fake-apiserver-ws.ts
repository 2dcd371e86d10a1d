import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** What a fake exec answers: output and exit code, possibly after a while. */
export interface ExecReply {
  stdout?: string;
  stderr?: string;
  exitCode: number;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  let head: Buffer;
  if (len < 126) head = Buffer.from([0x80 | opcode, len]);
  else if (len < 65536) {
    head = Buffer.alloc(4);
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

function channel(n: number, text: string): Buffer {
  return frame(0x2, Buffer.concat([Buffer.from([n]), Buffer.from(text, 'utf8')]));
}

/** The exec status the API server sends on channel 3 (v4.channel.k8s.io). */
export function execStatus(exitCode: number): object {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/**
 * Answers a WebSocket upgrade for `.../exec` like the API server does with the
 * v4.channel.k8s.io protocol: stdout on 1, stderr on 2, the status on 3, then close.
 */
export function handleExecUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  reply: (argv: string[], stream: (stdout: string) => void) => Promise<ExecReply | 'drop'>,
): void {
  const key = req.headers['sec-websocket-key'];
  const url = new URL(req.url ?? '/', 'http://x');
  const argv = url.searchParams.getAll('command');
  const accept = createHash('sha1')
    .update(`${String(key)}${GUID}`)
    .digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n`,
  );
  let closed = false;
  socket.on('data', (d: Buffer) => {
    // a close frame from the client (opcode 8): answer and end
    if (d.length > 0 && (d[0]! & 0x0f) === 0x8 && !closed) {
      closed = true;
      socket.end(frame(0x8, Buffer.alloc(0)));
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  const stream = (text: string): void => {
    if (!closed) socket.write(channel(1, text));
  };
  void reply(argv, stream).then((r) => {
    if (closed) return;
    if (r === 'drop') {
      socket.destroy();
      return;
    }
    if (r.stdout) socket.write(channel(1, r.stdout));
    if (r.stderr) socket.write(channel(2, r.stderr));
    socket.write(channel(3, JSON.stringify(execStatus(r.exitCode))));
    socket.end(frame(0x8, Buffer.alloc(0)));
    closed = true;
  });
}
