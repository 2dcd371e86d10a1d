import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  batches,
  meshSchedule,
  minimumPairs,
  roundRobin,
  type MeshSchedule,
} from '../../../src/engine/mesh-schedule.js';
import { CnibenchError } from '../../../src/model/errors.js';

function assertDisjointRounds(s: MeshSchedule): void {
  for (const [i, round] of s.rounds.entries()) {
    const nodes = round.flatMap((t) => [t.client, t.server]);
    assert.equal(new Set(nodes).size, nodes.length, `round ${i + 1} uses a node twice`);
  }
}

test('the circle method: every unordered pair once, N-1 rounds of N/2 (even), N rounds with a bye (odd)', () => {
  for (let n = 2; n <= 17; n++) {
    const rounds = roundRobin(Array.from({ length: n }, (_, i) => i));
    assert.equal(rounds.length, n % 2 === 0 ? n - 1 : n, `${n} nodes`);
    assert.ok(rounds.every((r) => r.length === Math.floor(n / 2)));
    const seen = new Set<string>();
    for (const r of rounds) {
      const nodes = r.flat();
      assert.equal(new Set(nodes).size, nodes.length, 'a round never uses a node twice');
      for (const [a, b] of r) seen.add(`${Math.min(a, b)}-${Math.max(a, b)}`);
    }
    assert.equal(seen.size, (n * (n - 1)) / 2, `${n} nodes: every pair`);
  }
});

test('a full mesh measures every ordered pair exactly once, in 2(N-1) rounds for even N', () => {
  for (const n of [2, 3, 8, 9, 16]) {
    const s = meshSchedule(n);
    assert.equal(s.sampled, false);
    assert.equal(s.tests, n * (n - 1));
    assert.equal(s.rounds.length, n % 2 === 0 ? 2 * (n - 1) : 2 * n);
    const ordered = s.rounds.flat().map((t) => `${t.client}>${t.server}`);
    assert.equal(ordered.length, n * (n - 1));
    assert.equal(new Set(ordered).size, n * (n - 1), 'no pair twice');
    assertDisjointRounds(s);
  }
  // each node is client and server equally often
  const s = meshSchedule(8);
  for (let i = 0; i < 8; i++) {
    assert.equal(s.rounds.flat().filter((t) => t.client === i).length, 7);
    assert.equal(s.rounds.flat().filter((t) => t.server === i).length, 7);
  }
});

test('--pairs samples whole rounds: exactly K tests, every node reached, no pair twice, deterministic by seed', () => {
  for (const [n, k] of [
    [1000, 2000],
    [995, 2000],
    [16, 8],
    [17, 9],
    [5, 3],
    [8, 30],
  ] as const) {
    const s = meshSchedule(n, { pairs: k });
    const tests = s.rounds.flat();
    assert.equal(tests.length, k, `${n} nodes, ${k} pairs`);
    assert.equal(s.sampled, true);
    assert.equal(
      new Set(tests.flatMap((t) => [t.client, t.server])).size,
      n,
      `${n} nodes: every node reached`,
    );
    assert.equal(new Set(tests.map((t) => `${t.client}>${t.server}`)).size, k, 'no ordered pair twice');
    assertDisjointRounds(s);
  }
  const big = meshSchedule(1000, { pairs: 2000 }).rounds.flat();
  const asClient = Array.from({ length: 1000 }, (_, i) => big.filter((t) => t.client === i).length);
  assert.ok(Math.max(...asClient) <= 4 && Math.min(...asClient) >= 0, 'clients spread over the nodes');
  assert.deepEqual(meshSchedule(50, { pairs: 60, seed: 7 }), meshSchedule(50, { pairs: 60, seed: 7 }));
  assert.notDeepEqual(meshSchedule(50, { pairs: 60, seed: 7 }), meshSchedule(50, { pairs: 60, seed: 8 }));
  assert.equal(meshSchedule(4, { pairs: 100 }).sampled, false, 'more pairs than exist: all of them');
});

test('too few pairs to reach every node, or too few nodes, are clear errors', () => {
  assert.equal(minimumPairs(1000), 500);
  assert.throws(
    () => meshSchedule(1000, { pairs: 499 }),
    (e: CnibenchError) =>
      e.code === 'USAGE' &&
      /at least 500/.test(e.message) &&
      e.hint === 'use --pairs 500 or more, or leave --pairs out to measure all 999000 pairs',
  );
  assert.throws(
    () => meshSchedule(1),
    (e: CnibenchError) => e.code === 'MESH_FAILED' && /at least 2 nodes/.test(e.message),
  );
});

test('batches cut a round into groups of at most the concurrency', () => {
  assert.deepEqual(batches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(batches([1, 2], 32), [[1, 2]]);
  assert.deepEqual(batches([1, 2], 0), [[1], [2]]);
});
