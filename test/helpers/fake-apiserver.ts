import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Node, Pod, Service, Status } from '../../src/targets/kubernetes/api/index.js';
import { handleExecUpgrade, type ExecReply } from './fake-apiserver-ws.js';
import { defaultExec, type FakeServers } from './fake-apiserver-exec.js';

/** A canned failure: the first `times` requests matching `method` and `path` get it. */
export interface Fault {
  method?: string;
  path: RegExp;
  times?: number;
  status?: number;
  body?: unknown;
  delayMs?: number;
  /** Answer with this text as it is (status 200 unless `status` is set). */
  raw?: string;
  /** Destroy the connection instead of answering. */
  drop?: boolean;
  /** For watches: send this event and end the stream. */
  watchEvent?: unknown;
  /** For watches: end the stream at once, as when the server's watch timeout passes. */
  endWatch?: boolean;
}

type Obj = {
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string };
};

export interface FakeOptions {
  nodes?: Node[];
  /** Status given to each created pod; default: Running and Ready. */
  podStatus?: (pod: Pod, podIndex: number) => Pod['status'];
  exec?: (
    pod: string,
    argv: string[],
    servers: FakeServers,
    stream: (stdout: string) => void,
  ) => Promise<ExecReply | 'drop'> | undefined;
  daemonSets?: Obj[];
  /** Extra routes, tried first (mesh runs: fake-mesh.ts); true when answered. */
  route?: (fake: FakeApiServer, method: string, path: string, body: unknown, res: ServerResponse) => boolean;
  /** Extra exec upgrades, tried first (mesh pod shells: fake-mesh.ts); true when taken. */
  upgrade?: (fake: FakeApiServer, req: IncomingMessage, socket: Socket) => boolean;
  /** Refuse exec into pods that do not exist (404) or have failed, e.g. evicted (400), as a real API server does. */
  strictExec?: boolean;
  /**
   * Admission of a pod (Pod Security Admission, a policy webhook): a refusal is answered with
   * its status code and message, as the API server does.
   */
  admit?: (pod: Pod, namespace: Obj) => { code: number; message: string } | undefined;
  /**
   * Annotations the cluster adds to a created pod, as Multus adds `k8s.v1.cni.cncf.io/network-status`
   * (secondary networks); undefined: none.
   */
  podAnnotations?: (pod: Pod, podIndex: number) => Record<string, string> | undefined;
}

/** Answers a request with a JSON body; true, for the `route` hooks that say they answered. */
export function sendJson(res: ServerResponse, code: number, body: unknown): true {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

export function fakeNode(name: string, extra: Partial<Node['metadata']> = {}, taints?: Node['spec']): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name }, ...extra },
    spec: taints ?? {},
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [
        { type: 'InternalIP', address: `10.250.${Math.floor(Math.random() * 200)}.${name.length}` },
      ],
      nodeInfo: {
        kernelVersion: '6.1.0',
        osImage: 'Debian GNU/Linux 12',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
    },
  };
}

export function readyStatus(ip: string): Pod['status'] {
  return {
    phase: 'Running',
    podIP: ip,
    conditions: [
      { type: 'PodScheduled', status: 'True' },
      { type: 'Ready', status: 'True' },
    ],
    containerStatuses: [{ name: 'tools', ready: true, restartCount: 0, state: { running: {} } }],
  };
}

function status(code: number, reason: string, message: string): Status {
  return { kind: 'Status', status: 'Failure', code, reason, message };
}

/** A fake Kubernetes API server speaking the real JSON shapes over HTTP on 127.0.0.1. */
export class FakeApiServer {
  readonly requests: { method: string; path: string }[] = [];
  readonly faults: Fault[] = [];
  readonly namespaces = new Map<string, Obj>();
  readonly pods = new Map<string, Pod>();
  readonly services = new Map<string, Service>();
  readonly servers: FakeServers = new Map();
  nodes: Node[];
  kubeconfig = '';
  private rv = 100;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly watchers = new Set<{ ns: string; res: ServerResponse }>();

  constructor(private readonly opts: FakeOptions = {}) {
    this.nodes = opts.nodes ?? [fakeNode('node1'), fakeNode('node2')];
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => (this.sockets.add(s), s.on('close', () => this.sockets.delete(s))));
    this.server.on('upgrade', (req: IncomingMessage, socket) => {
      this.requests.push({ method: 'EXEC', path: req.url ?? '' });
      const pod = /\/pods\/([^/]+)\/exec/.exec(req.url ?? '')?.[1] ?? '';
      if (this.opts.upgrade?.(this, req, socket as Socket) === true) return;
      // As the real API server: no exec into a pod that is gone (404) or no longer running (400).
      const ns = /\/namespaces\/([^/]+)\//.exec(req.url ?? '')?.[1] ?? '';
      const known = this.pods.get(`${ns}/${pod}`);
      if (this.opts.strictExec === true && (known === undefined || known.status?.phase === 'Failed')) {
        const [code, message] =
          known === undefined
            ? [404, `pods "${pod}" not found`]
            : [400, `unable to upgrade connection: container not found ("tools")`];
        const body = JSON.stringify(status(code, code === 404 ? 'NotFound' : 'BadRequest', message));
        socket.end(
          `HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
        return;
      }
      handleExecUpgrade(
        req,
        socket,
        (argv, stream) =>
          this.opts.exec?.(pod, argv, this.servers, stream) ?? defaultExec(pod, argv, this.servers, stream),
      );
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const port = (this.server.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'cnibench-fake-'));
    this.kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      this.kubeconfig,
      `apiVersion: v1\nkind: Config\ncurrent-context: fake\nclusters:\n- name: fake\n  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}\n` +
        `users:\n- name: fake\n  user: {token: fake-token}\ncontexts:\n- name: fake\n  context: {cluster: fake, user: fake}\n`,
    );
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.kubeconfig !== '') rmSync(dirname(this.kubeconfig), { recursive: true, force: true });
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Changes every pod's status and tells open watches (MODIFIED events). */
  setPodStatus(fn: (pod: Pod) => Pod['status']): void {
    for (const p of this.pods.values()) {
      p.status = fn(p);
      p.metadata.resourceVersion = this.nextRv();
      for (const w of this.watchers) {
        if (w.ns === p.metadata.namespace)
          w.res.write(JSON.stringify({ type: 'MODIFIED', object: p }) + '\n');
      }
    }
  }

  /** Requests whose method and path match. */
  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    sendJson(res, code, body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    this.requests.push({ method, path: req.url ?? '' });
    let raw = '';
    for await (const c of req) raw += (c as Buffer).toString('utf8');
    const fault = this.faults.find(
      (f) => (f.method ?? method) === method && f.path.test(req.url ?? '') && (f.times ?? 1) > 0,
    );
    if (fault !== undefined) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.drop) return void req.socket.destroy();
      if (fault.raw !== undefined) return void (res.writeHead(fault.status ?? 200), res.end(fault.raw));
      if (fault.endWatch) return void (res.writeHead(200), res.end());
      if (fault.watchEvent !== undefined) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end(JSON.stringify(fault.watchEvent) + '\n');
      }
      if (fault.status !== undefined)
        return this.send(res, fault.status, fault.body ?? status(fault.status, 'Fault', 'injected'));
    }
    const body = raw === '' ? undefined : (JSON.parse(raw) as Obj);
    return this.route(method, path, url.searchParams, body, res);
  }

  private nextRv(): string {
    return String(++this.rv);
  }

  private list(
    items: Obj[],
    q: URLSearchParams,
  ): { kind: string; metadata: { resourceVersion: string }; items: Obj[] } {
    const sel = q.get('labelSelector');
    const want = sel ? sel.split(',').map((kv) => kv.split('=') as [string, string]) : [];
    const field = q.get('fieldSelector');
    const node = field?.startsWith('spec.nodeName=') ? field.slice('spec.nodeName='.length) : undefined;
    return {
      kind: 'List',
      metadata: { resourceVersion: String(this.rv) },
      items: items.filter(
        (o) =>
          want.every(([k, v]) => o.metadata.labels?.[k] === v) &&
          (node === undefined || (o as Pod).spec?.nodeName === node),
      ),
    };
  }

  private route(
    method: string,
    path: string,
    q: URLSearchParams,
    body: Obj | undefined,
    res: ServerResponse,
  ): void {
    if (this.opts.route?.(this, method, path, body, res) === true) return;
    const parts = path.split('/').filter((p) => p !== '');
    const nsName = parts[2] === 'namespaces' ? parts[3] : undefined;
    if (path === '/version')
      return this.send(res, 200, { major: '1', minor: '20', gitVersion: 'v1.20.2', platform: 'linux/amd64' });
    if (path === '/api/v1/nodes') return this.send(res, 200, this.list(this.nodes, q));
    if (/^\/api\/v1\/nodes\/[^/]+\/proxy\/stats\/summary$/.test(path)) {
      return this.send(res, 200, {
        node: {
          nodeName: parts[3],
          cpu: { time: new Date().toISOString(), usageCoreNanoSeconds: Date.now() * 1e3 },
        },
        pods: [],
      });
    }
    if (path === '/apis/apps/v1/daemonsets')
      return this.send(res, 200, this.list(this.opts.daemonSets ?? [], q));
    const ds = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/daemonsets\/([^/]+)$/.exec(path);
    if (ds) {
      const found = (this.opts.daemonSets ?? []).find(
        (d) => d.metadata.namespace === ds[1] && d.metadata.name === ds[2],
      );
      if (found) return this.send(res, 200, found);
      return this.send(res, 404, status(404, 'NotFound', `daemonsets.apps "${ds[2]}" not found`));
    }
    if ((path === '/api/v1/pods' || path === '/api/v1/services') && method === 'GET') {
      return this.send(
        res,
        200,
        this.list([...(path.endsWith('pods') ? this.pods : this.services).values()], q),
      );
    }
    const item = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)$/.exec(path);
    if (item && item[2] === 'pods' && method === 'GET') {
      const found = this.pods.get(`${item[1]}/${item[3]}`);
      if (found !== undefined) return this.send(res, 200, found);
      return this.send(res, 404, status(404, 'NotFound', `pods "${item[3]}" not found`));
    }
    if (item && method === 'DELETE') {
      const store: Map<string, unknown> = item[2] === 'pods' ? this.pods : this.services;
      const gone = store.delete(`${item[1]}/${item[3]}`);
      if (gone) return this.send(res, 200, {});
      return this.send(res, 404, status(404, 'NotFound', `${item[2]} "${item[3]}" not found`));
    }
    if (path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')
      return this.send(res, 201, { ...body, status: { allowed: true } });
    if (path === '/api/v1/namespaces/kube-system/services/kube-dns') {
      return this.send(res, 200, {
        metadata: { name: 'kube-dns', namespace: 'kube-system' },
        spec: { clusterIP: '10.96.0.10' },
      });
    }
    if (path === '/api/v1/namespaces' && method === 'GET')
      return this.send(res, 200, this.list([...this.namespaces.values()], q));
    if (path === '/api/v1/namespaces' && method === 'POST') {
      const name = body!.metadata.name!;
      if (this.namespaces.has(name))
        return this.send(res, 409, status(409, 'AlreadyExists', `namespaces "${name}" already exists`));
      body!.metadata.resourceVersion = this.nextRv();
      this.namespaces.set(name, body!);
      return this.send(res, 201, body);
    }
    if (parts.length === 4 && nsName !== undefined) {
      const ns = this.namespaces.get(nsName);
      if (ns === undefined)
        return this.send(res, 404, status(404, 'NotFound', `namespaces "${nsName}" not found`));
      if (method === 'DELETE') {
        this.namespaces.delete(nsName);
        for (const k of [...this.pods.keys()]) if (k.startsWith(`${nsName}/`)) this.pods.delete(k);
        for (const k of [...this.services.keys()]) if (k.startsWith(`${nsName}/`)) this.services.delete(k);
      }
      return this.send(res, 200, ns);
    }
    if (nsName !== undefined && parts[4] === 'pods' && parts.length === 5) {
      if (method === 'POST') return this.createPod(nsName, body as Pod, res, q.get('dryRun') === 'All');
      const items = [...this.pods.values()].filter((p) => p.metadata.namespace === nsName);
      if (q.get('watch') === '1') {
        // nothing changes after creation in this fake: hold the watch open until its timeout
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const w = { ns: nsName, res };
        this.watchers.add(w);
        const t = setTimeout(() => res.end(), Number(q.get('timeoutSeconds') ?? '5') * 1000);
        res.on('close', () => (clearTimeout(t), this.watchers.delete(w)));
        return;
      }
      return this.send(res, 200, this.list(items, q));
    }
    if (nsName !== undefined && parts[4] === 'services' && method === 'POST') {
      const svc = body as Service;
      svc.spec = { ...svc.spec, clusterIP: '10.96.100.100' };
      this.services.set(`${nsName}/${svc.metadata.name}`, svc);
      return this.send(res, 201, svc);
    }
    return this.send(
      res,
      404,
      status(404, 'NotFound', `the server could not find the requested resource (${method} ${path})`),
    );
  }

  private createPod(ns: string, pod: Pod, res: ServerResponse, dryRun = false): void {
    const namespace = this.namespaces.get(ns);
    if (namespace === undefined)
      return this.send(res, 404, status(404, 'NotFound', `namespaces "${ns}" not found`));
    const refused = this.opts.admit?.(pod, namespace);
    if (refused !== undefined) {
      const reason = refused.code === 403 ? 'Forbidden' : 'BadRequest';
      return this.send(res, refused.code, status(refused.code, reason, refused.message));
    }
    if (dryRun) return this.send(res, 201, pod);
    const index = [...this.pods.values()].filter((p) => p.metadata.namespace === ns).length;
    const affinity = JSON.stringify(pod.spec?.affinity ?? {});
    const node = /"values":\["([^"]+)"\]/.exec(affinity)?.[1] ?? 'node1';
    pod.metadata.resourceVersion = this.nextRv();
    pod.spec = { ...pod.spec!, nodeName: node };
    const added = this.opts.podAnnotations?.(pod, index);
    if (added !== undefined) pod.metadata.annotations = { ...pod.metadata.annotations, ...added };
    pod.status =
      this.opts.podStatus?.(pod, index) ??
      readyStatus(pod.spec.hostNetwork ? '10.250.0.11' : `10.244.0.${index + 2}`);
    this.pods.set(`${ns}/${pod.metadata.name}`, pod);
    this.send(res, 201, pod);
  }
}
