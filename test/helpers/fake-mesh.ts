import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from '../../src/targets/kubernetes/api/index.js';
import { readyStatus, sendJson, type FakeApiServer } from './fake-apiserver.js';
import { execStatus } from './fake-apiserver-ws.js';
import { fixture } from './paths.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

interface DaemonSetBody {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: { template: { metadata: { labels: Record<string, string> }; spec: Pod['spec'] } };
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([
            Buffer.from([0x80 | opcode, 127]),
            Buffer.from(new BigUint64Array([BigInt(len)]).buffer).reverse(),
          ]);
  return Buffer.concat([head, payload]);
}

/** Client frames (masked) from a buffer: the complete ones and what is left. */
function readFrames(buf: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let pos = 0;
  while (buf.length - pos >= 2) {
    const opcode = buf[pos]! & 0x0f;
    const masked = (buf[pos + 1]! & 0x80) !== 0;
    let len = buf[pos + 1]! & 0x7f;
    let p = pos + 2;
    if (len === 126) {
      if (buf.length < p + 2) break;
      len = buf.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      if (buf.length < p + 8) break;
      len = Number(buf.readBigUInt64BE(p));
      p += 8;
    }
    const maskLen = masked ? 4 : 0;
    if (buf.length < p + maskLen + len) break;
    const mask = buf.subarray(p, p + maskLen);
    const payload = Buffer.from(buf.subarray(p + maskLen, p + maskLen + len));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    frames.push({ opcode, payload });
    pos = p + maskLen + len;
  }
  return { frames, rest: buf.subarray(pos) };
}

/**
 * The parts of a cluster a mesh run needs, added to the fake API server: a DaemonSet controller
 * (a Ready pod per node named in the DaemonSet's node affinity, removed with it) and pod shells
 * (exec with stdin) that answer the mesh's tagged scripts with real tool output. It also watches
 * the schedule from the cluster's side: which nodes are in a test at every moment.
 */
export class FakeMesh {
  readonly daemonSets = new Map<string, DaemonSetBody>();
  /** Node -> the test it is in now. */
  private readonly busy = new Map<string, string>();
  readonly violations: string[] = [];
  readonly tests: { client: string; server: string }[] = [];
  shellsOpened = 0;
  maxConcurrent = 0;
  private podCount = 0;

  constructor(private readonly opts: { testMs?: number } = {}) {}

  /** For `FakeOptions.route`: DaemonSets in a namespace. */
  route = (
    fake: FakeApiServer,
    method: string,
    path: string,
    body: unknown,
    res: ServerResponse,
  ): boolean => {
    const list = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/daemonsets$/.exec(path);
    if (list && method === 'POST') return this.create(fake, list[1]!, body as DaemonSetBody, res);
    const item = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/daemonsets\/([^/]+)$/.exec(path);
    if (item === null) return false;
    const key = `${item[1]}/${item[2]}`;
    const ds = this.daemonSets.get(key);
    if (ds === undefined)
      return sendJson(res, 404, {
        kind: 'Status',
        status: 'Failure',
        code: 404,
        reason: 'NotFound',
        message: `daemonsets.apps "${item[2]}" not found`,
      });
    if (method === 'DELETE') {
      this.daemonSets.delete(key);
      for (const [k, p] of fake.pods) if (p.metadata.labels?.['cnibench.io/ds'] === key) fake.pods.delete(k);
    }
    return sendJson(res, 200, ds);
  };

  private create(fake: FakeApiServer, ns: string, ds: DaemonSetBody, res: ServerResponse): boolean {
    if (!fake.namespaces.has(ns))
      return sendJson(res, 404, {
        kind: 'Status',
        code: 404,
        reason: 'NotFound',
        message: `namespaces "${ns}" not found`,
      });
    const nodes = nodeNamesOf(ds);
    // as the real API server validates it: a node-name field selector takes exactly one value
    if (nodes === undefined)
      return sendJson(res, 422, {
        kind: 'Status',
        code: 422,
        reason: 'Invalid',
        message: `DaemonSet.apps "${ds.metadata.name}" is invalid: spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values: Required value: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`,
      });
    const key = `${ns}/${ds.metadata.name}`;
    this.daemonSets.set(key, ds);
    for (const node of nodes) {
      const i = ++this.podCount;
      const name = `${ds.metadata.name}-${i.toString(36)}`;
      const pod: Pod = {
        metadata: {
          name,
          namespace: ns,
          labels: { ...ds.spec.template.metadata.labels, 'cnibench.io/ds': key },
          resourceVersion: String(1000 + i),
        },
        // as the DaemonSet controller does: each pod's affinity names its own node only
        spec: {
          ...ds.spec.template.spec!,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] },
                ],
              },
            },
          },
          nodeName: node,
        },
        status: readyStatus(`10.${200 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}`),
      };
      fake.pods.set(`${ns}/${name}`, pod);
    }
    return sendJson(res, 201, ds);
  }

  /** For `FakeOptions.upgrade`: exec connections that run the mesh's pod shell. */
  upgrade = (fake: FakeApiServer, req: IncomingMessage, socket: Duplex): boolean => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (
      url.searchParams.get('stdin') !== 'true' ||
      !url.searchParams.getAll('command').join(' ').includes('@@cnb')
    )
      return false;
    const m = /\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec/.exec(url.pathname);
    const [ns, pod] = [m?.[1] ?? '', m?.[2] ?? ''];
    this.shellsOpened += 1;
    const accept = createHash('sha1')
      .update(`${String(req.headers['sec-websocket-key'])}${GUID}`)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n`,
    );
    let buf: Buffer = Buffer.alloc(0);
    let line = '';
    let chain = Promise.resolve();
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([buf, d]));
      buf = rest;
      for (const f of frames) {
        if (f.opcode === 0x8) {
          socket.write(channel(3, JSON.stringify(execStatus(0))));
          socket.end(frame(0x8, Buffer.alloc(0)));
          return;
        }
        if (f.payload[0] !== 0) continue; // only stdin
        line += f.payload.subarray(1).toString('utf8');
        let nl: number;
        while ((nl = line.indexOf('\n')) >= 0) {
          const request = line.slice(0, nl);
          line = line.slice(nl + 1);
          chain = chain.then(async () => {
            const [id, b64] = request.split(' ') as [string, string];
            const r = await this.answer(fake, ns, pod, Buffer.from(b64, 'base64').toString('utf8'));
            const enc = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
            if (!socket.destroyed)
              socket.write(
                channel(1, `@@cnb ${id} ${r.exitCode} ${enc(r.stdout ?? '')} ${enc(r.stderr ?? '')}\n`),
              );
          });
        }
      }
    });
    return true;
  };

  private nodeOfPod(fake: FakeApiServer, ns: string, pod: string): string {
    return fake.pods.get(`${ns}/${pod}`)?.spec?.nodeName ?? '?';
  }

  private nodeOfIp(fake: FakeApiServer, ip: string): string {
    for (const p of fake.pods.values()) if (p.status?.podIP === ip) return p.spec?.nodeName ?? '?';
    return '?';
  }

  /** What the pod's shell answers to one tagged script. */
  private async answer(
    fake: FakeApiServer,
    ns: string,
    pod: string,
    script: string,
  ): Promise<{ exitCode: number; stdout?: string; stderr?: string }> {
    const tag = JSON.parse(/^# cnb (.*)$/m.exec(script)?.[1] ?? '{}') as { op?: string; argv?: string[] };
    if (tag.op === 'start') return { exitCode: 0 };
    if (tag.op === 'poll')
      return {
        exitCode: 0,
        stdout: 'sockperf: using recvfrom() to block on socket(s)\nServer listening on 5201\n',
      };
    if (tag.op === 'stop') return { exitCode: 0, stdout: 'server output\n' };
    const argv = tag.argv ?? [];
    const client = argv[0] === 'sockperf' && argv[1] === 'ping-pong';
    const iperf = argv[0] === 'iperf3' && argv.includes('-c');
    if (!client && !iperf) return { exitCode: 0 };
    const address = argv[argv.indexOf(client ? '-i' : '-c') + 1] ?? '';
    const [from, to] = [this.nodeOfPod(fake, ns, pod), this.nodeOfIp(fake, address)];
    const name = `${from}->${to}`;
    for (const n of [from, to]) {
      const other = this.busy.get(n);
      if (other !== undefined) this.violations.push(`${n} in ${name} while in ${other}`);
      this.busy.set(n, name);
    }
    this.tests.push({ client: from, server: to });
    this.maxConcurrent = Math.max(this.maxConcurrent, this.busy.size / 2);
    await new Promise((r) => setTimeout(r, this.opts.testMs ?? 5));
    for (const n of [from, to]) if (this.busy.get(n) === name) this.busy.delete(n);
    return {
      exitCode: 0,
      stdout: client ? fixture('sockperf', 'pingpong-ok.stdout') : fixture('iperf3', 'tcp-1stream.json'),
    };
  }
}

function channel(n: number, text: string): Buffer {
  return frame(0x2, Buffer.concat([Buffer.from([n]), Buffer.from(text, 'utf8')]));
}

interface NodeSelectorTerm {
  matchFields?: { key: string; operator: string; values?: string[] }[];
}

/** The nodes a DaemonSet's required node affinity names (terms are ORed), or undefined when invalid. */
function nodeNamesOf(ds: DaemonSetBody): string[] | undefined {
  const affinity = ds.spec.template.spec?.affinity as
    | {
        nodeAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
        };
      }
    | undefined;
  const terms =
    affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const names: string[] = [];
  for (const t of terms)
    for (const f of t.matchFields ?? []) {
      if (f.key !== 'metadata.name') continue;
      if ((f.operator === 'In' || f.operator === 'NotIn') && f.values?.length !== 1) return undefined;
      if (f.operator === 'In') names.push(...(f.values ?? []));
    }
  return names;
}
