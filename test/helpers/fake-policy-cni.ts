import type { ServerResponse } from 'node:http';
import type { NetworkPolicy } from '../../src/targets/kubernetes/policy-objects.js';
import { sendJson, type FakeApiServer } from './fake-apiserver.js';
import type { ExecReply } from './fake-apiserver-ws.js';

const COLLECTION = /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/networkpolicies$/;
const ITEM = /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/networkpolicies\/([^/]+)$/;

/**
 * NetworkPolicy objects in the fake API server, and a CNI that enforces them (or not) as
 * Kubernetes defines: a pod selected by any ingress policy accepts only what one of them allows.
 * The pods' connection checks (`nc -z` loops) answer from that state at once.
 */
export class FakePolicyCni {
  readonly policies = new Map<string, NetworkPolicy>();
  /** Policies ever created, and connection checks answered. */
  created = 0;
  checks = 0;
  constructor(
    private readonly o: {
      enforce: boolean;
      /** Ignore allow rules for this pod (a CNI that never lets the client in). */
      neverAllow?: string;
      /** Status code for every policy create (e.g. 403), instead of storing it. */
      refuseCreate?: number;
    },
  ) {}

  route = (
    fake: FakeApiServer,
    method: string,
    path: string,
    body: unknown,
    res: ServerResponse,
  ): boolean => {
    const coll = COLLECTION.exec(path);
    if (coll !== null && method === 'POST') return this.create(body as NetworkPolicy, res);
    if (coll !== null && method === 'DELETE') {
      // the label selector of the last request: one policy set, or all of cnibench's
      const url = new URL(fake.requests.at(-1)?.path ?? '', 'http://x');
      const [key, value] = (url.searchParams.get('labelSelector') ?? '').split('=');
      for (const [name, p] of this.policies)
        if (key !== undefined && p.metadata.labels?.[key] === value) this.policies.delete(name);
      return sendJson(res, 200, { kind: 'NetworkPolicyList', items: [] });
    }
    const item = ITEM.exec(path);
    if (item !== null && method === 'DELETE') {
      const gone = this.policies.delete(item[2]!);
      return sendJson(res, gone ? 200 : 404, gone ? {} : { kind: 'Status', code: 404, reason: 'NotFound' });
    }
    return false;
  };

  private create(p: NetworkPolicy, res: ServerResponse): true {
    if (this.o.refuseCreate !== undefined)
      return sendJson(res, this.o.refuseCreate, {
        kind: 'Status',
        status: 'Failure',
        code: this.o.refuseCreate,
        reason: 'Forbidden',
        message: 'networkpolicies.networking.k8s.io is forbidden: User "ci" cannot create resource',
      });
    this.created++;
    this.policies.set(p.metadata.name!, p);
    return sendJson(res, 201, p);
  }

  /** Whether pod `from` may connect to pod `to` on `port` now. */
  allowed(from: string, to: string, port: number): boolean {
    if (!this.o.enforce) return true;
    const selecting = [...this.policies.values()].filter(
      (p) => p.spec.podSelector.matchLabels['cnibench.io/pod'] === to,
    );
    if (selecting.length === 0) return true;
    if (from === this.o.neverAllow) return false;
    return selecting.some((p) =>
      p.spec.ingress.some(
        (r) =>
          r.ports.some((x) => x.port === port) &&
          r.from.some((f) => f.podSelector.matchLabels['cnibench.io/pod'] === from),
      ),
    );
  }

  /** The answer of a connection loop (policy-enforcement.ts) run in pod `pod`, or undefined for other commands. */
  exec(pod: string, argv: readonly string[], serverOf: (address: string) => string): ExecReply | undefined {
    const a = argv[0] === 'timeout' ? argv.slice(4) : argv;
    if (a[0] !== 'sh' || !(a[2] ?? '').includes('nc -z -w 1')) return undefined;
    this.checks++;
    const [address, port, want] = [a[3] ?? '', Number(a[4]), a[5]];
    const state = this.allowed(pod, serverOf(address), port) ? 'open' : 'blocked';
    return { stdout: state === want ? 'reached 7\n' : `still ${state}\n`, exitCode: 0 };
  }
}
