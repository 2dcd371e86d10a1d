import type { CommandResult } from '../../../src/exec/runner.js';
import type { MeasureContext, Timing } from '../../../src/measure/measurement.js';
import type { Endpoint, PreparedPath, ResolverInfo, ScenarioSession } from '../../../src/targets/target.js';

export function result(stdout: string, exitCode = 0, stderr = ''): CommandResult {
  return { exitCode, signal: null, stdout, stderr, durationMs: 5, timedOut: false };
}

/** Decides what a command at an endpoint returns; undefined means "succeeds with no output". */
export type Responder = (
  role: 'client' | 'server',
  argv: readonly string[],
  input?: string,
) => CommandResult | undefined;

export interface FakeTarget extends ScenarioSession {
  calls: { role: 'client' | 'server'; argv: readonly string[]; input?: string }[];
  servers: { role: 'client' | 'server'; argv: readonly string[] }[];
}

const client: Endpoint = { id: 'node1/pod-a', node: 'node1', address: '10.0.0.1' };
const server: Endpoint = { id: 'node2/pod-b', node: 'node2', address: '10.0.1.2' };

/** A Target that runs nothing: every command's output comes from `respond` (saved real outputs). */
export function fakeTarget(respond: Responder, resolver?: ResolverInfo | Error): FakeTarget {
  const calls: FakeTarget['calls'] = [];
  const servers: FakeTarget['servers'] = [];
  const roleOf = (e: Endpoint): 'client' | 'server' => (e.id === client.id ? 'client' : 'server');
  return {
    scenario: 'fake',
    environment: {},
    calls,
    servers,
    placements: () => ({ supported: ['cross-node'], unsupported: [] }),
    supports: () => true,
    preparePath: () => Promise.resolve(path()),
    exec: (e, argv, opts) => {
      calls.push({ role: roleOf(e), argv, ...(opts.input === undefined ? {} : { input: opts.input }) });
      return Promise.resolve(respond(roleOf(e), argv, opts.input) ?? result(''));
    },
    startServer: (e, argv) => {
      servers.push({ role: roleOf(e), argv });
      return Promise.resolve({ stop: () => Promise.resolve(result('', 0, 'server log')) });
    },
    resolver: () =>
      resolver instanceof Error
        ? Promise.reject(resolver)
        : Promise.resolve(
            resolver ?? { server: '10.0.9.53', name: 'server.cnibench.lab', expect: '10.0.1.2' },
          ),
    programServices: () => Promise.reject(new Error('not used')),
    startResourceProbe: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
}

export function path(): PreparedPath {
  return { placement: 'cross-node', client, server, serverAddress: server.address };
}

export function context(target: ScenarioSession, durationS = 1, warmupS = 0): MeasureContext {
  return { target, path: path(), durationS, warmupS, port: 5301, signal: new AbortController().signal };
}

/** True for the shell check that looks for programs. */
export function isToolCheck(argv: readonly string[]): boolean {
  return argv[0] === 'sh' && /command -v/.test(argv[2] ?? '');
}

/** A tool check answer that reports `missing` as absent. */
export function toolCheck(argv: readonly string[], missing: readonly string[] = []): CommandResult {
  const asked = argv.slice(4);
  return result(
    asked
      .filter((t) => missing.includes(t))
      .map((t) => `missing: ${t}\n`)
      .join(''),
  );
}

/** The timing measurements are planned with in these tests (the context carries the real one). */
export const TIMING: Timing = { durationS: 1, warmupS: 0 };
