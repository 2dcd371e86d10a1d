import { CnibenchError } from '../model/errors.js';
import { mulberry32, randomIndex, type Rng } from '../stats/prng.js';

/** One test of a mesh: node indices of the client and the server. */
export interface MeshTest {
  client: number;
  server: number;
}

/** Which tests run, in rounds: the tests of one round never share a node. */
export interface MeshSchedule {
  nodes: number;
  rounds: MeshTest[][];
  tests: number;
  /** True when `--pairs` chose a sample of the N x (N-1) ordered pairs. */
  sampled: boolean;
}

/**
 * The round-robin tournament (circle method): N-1 rounds of N/2 pairs for even N, N rounds of
 * (N-1)/2 pairs (one node resting) for odd N; every unordered pair exactly once. `order` names
 * the nodes by position, so a shuffled order gives another tournament.
 */
export function roundRobin(order: readonly number[]): [number, number][][] {
  const ring: (number | undefined)[] = [...order];
  if (ring.length % 2 === 1) ring.push(undefined); // the bye
  const n = ring.length;
  const rounds: [number, number][][] = [];
  for (let r = 0; r < n - 1; r++) {
    const round: [number, number][] = [];
    for (let i = 0; i < n / 2; i++) {
      const a = ring[i];
      const b = ring[n - 1 - i];
      if (a !== undefined && b !== undefined) round.push(i % 2 === r % 2 ? [a, b] : [b, a]);
    }
    rounds.push(round);
    // keep the first position, rotate the others by one
    ring.splice(1, 0, ring.pop());
  }
  return rounds;
}

/** Every ordered pair: the tournament once in each direction, 2(N-1) rounds for even N. */
function fullMesh(n: number): MeshTest[][] {
  const rounds = roundRobin(Array.from({ length: n }, (_, i) => i));
  const one = rounds.map((r) => r.map(([client, server]) => ({ client, server })));
  const other = rounds.map((r) => r.map(([server, client]) => ({ client, server })));
  return [...one, ...other];
}

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomIndex(rng, i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The fewest tests that reach every one of n nodes: one per two nodes. */
export function minimumPairs(n: number): number {
  return Math.ceil(n / 2);
}

/**
 * The tests of a mesh of n nodes. Without `pairs`: every ordered pair (N x (N-1) tests in
 * 2(N-1) rounds). With `pairs` K: a seeded sample of K ordered pairs taken as whole rounds of a
 * tournament over shuffled nodes (each round reaches every node but at most one), the last
 * round cut to size keeping pairs with nodes not reached yet, so every node takes part and
 * appears about 2K/N times, half as client, half as server.
 */
export function meshSchedule(n: number, opts: { pairs?: number; seed?: number } = {}): MeshSchedule {
  if (!Number.isInteger(n) || n < 2) {
    throw new CnibenchError('MESH_FAILED', `a mesh needs at least 2 nodes, not ${n}`, {
      hint: 'use a lab scenario with nodes: 2 or more, or a cluster with two usable nodes',
    });
  }
  const all = n * (n - 1);
  const k = opts.pairs;
  if (k === undefined || k >= all) {
    const rounds = fullMesh(n);
    return { nodes: n, rounds, tests: all, sampled: false };
  }
  if (!Number.isInteger(k) || k < minimumPairs(n)) {
    throw new CnibenchError(
      'USAGE',
      `--pairs ${k} cannot reach all ${n} nodes: each test involves two, so at least ${minimumPairs(n)} are needed`,
      { hint: `use --pairs ${minimumPairs(n)} or more, or leave --pairs out to measure all ${all} pairs` },
    );
  }
  const rng = mulberry32(opts.seed ?? 1);
  const order = shuffle(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
  const base = shuffle(roundRobin(order), rng);
  const candidates = [
    ...base.map((r) => r.map(([client, server]) => ({ client, server }))),
    ...base.map((r) => r.map(([server, client]) => ({ client, server }))),
  ];
  const rounds: MeshTest[][] = [];
  const reached = new Set<number>();
  let left = k;
  for (const round of candidates) {
    if (left === 0) break;
    const unseen = (t: MeshTest): number => (reached.has(t.client) ? 0 : 1) + (reached.has(t.server) ? 0 : 1);
    const picked =
      round.length <= left ? round : [...round].sort((a, b) => unseen(b) - unseen(a)).slice(0, left);
    for (const t of picked) reached.add(t.client).add(t.server);
    rounds.push(picked);
    left -= picked.length;
  }
  return { nodes: n, rounds, tests: k, sampled: true };
}

/** A round cut into batches of at most `concurrency` tests: the tests that run at once. */
export function batches<T>(round: readonly T[], concurrency: number): T[][] {
  const size = Math.max(1, Math.floor(concurrency));
  const out: T[][] = [];
  for (let i = 0; i < round.length; i += size) out.push(round.slice(i, i + size));
  return out;
}

/** What `run --mesh` asks for (flags `--pairs`, `--mesh-concurrency`). */
export interface MeshOptions {
  /** Ordered pairs to sample; all of them when absent. */
  pairs?: number;
  /** Tests at once; the target's default when absent. */
  concurrency?: number;
  /** Seed of the sample, so a run can be repeated with the same pairs. */
  seed?: number;
}
