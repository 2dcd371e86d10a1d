import type { ExecReply } from './fake-apiserver-ws.js';

/** Background servers started through the fake exec, by PID file; resolving one ends it. */
export type FakeServers = Map<string, (r: ExecReply) => void>;

/** Strips cnibench's `timeout -k G S` wrapper. */
function unwrap(argv: string[]): string[] {
  return argv[0] === 'timeout' ? argv.slice(4) : argv;
}

/**
 * What the fake's pods answer by default, enough for a whole scenario: background servers
 * that run until killed, MTU 1500, a successful connectivity check, resolv.conf, kube-proxy mode.
 */
export function defaultExec(
  _pod: string,
  argv: string[],
  servers: FakeServers,
  stream: (stdout: string) => void = () => undefined,
): Promise<ExecReply> {
  const a = unwrap(argv);
  const script = a[0] === 'sh' && a[1] === '-c' ? (a[2] ?? '') : '';
  // the exec agent needs stdin, which this fake does not read: commands fall back to one exec each
  if (script.startsWith('CNB_DIR='))
    return Promise.resolve({ stderr: 'no exec agent in this fake\n', exitCode: 1 });
  if (script.startsWith('echo $$')) {
    const pidFile = a[3] ?? '';
    // what iperf3 prints once it listens (the fake's servers are ready at once)
    if (a[4] === 'iperf3')
      stream('-----------------------------------------------------------\nServer listening on 5201\n');
    return new Promise((resolve) => {
      servers.set(pidFile, resolve);
      setTimeout(() => servers.get(pidFile) && resolve({ exitCode: 0 }), 60_000).unref();
    });
  }
  if (script.includes('kill -')) {
    const pidFile = a[a.length - 1] ?? '';
    const stopServer = servers.get(pidFile);
    servers.delete(pidFile);
    stopServer?.({ stdout: 'server output\n', exitCode: 0 });
    return Promise.resolve({ exitCode: 0 });
  }
  if (script.includes('ip -o route get')) return Promise.resolve({ stdout: '1500\n', exitCode: 0 });
  if (script.includes('nc -z')) return Promise.resolve({ exitCode: 0 });
  if (a[0] === 'curl') return Promise.resolve({ stdout: 'iptables', exitCode: 0 });
  if (a[0] === 'cat' && a[1] === '/etc/resolv.conf') {
    return Promise.resolve({
      stdout: 'search x.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n',
      exitCode: 0,
    });
  }
  return Promise.resolve({ stdout: `ran ${a.join(' ')}\n`, exitCode: 0 });
}
