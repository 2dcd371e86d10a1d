import fc from 'fast-check';
import { MEASUREMENT_KINDS } from '../../src/measure/registry.js';
import { PLACEMENTS } from '../../src/model/placement.js';
import { summarizeResult } from '../../src/results/summarize.js';
import { RESULT_SCHEMA, ResultDocument, type Repetition } from '../../src/results/schema.js';
import { HOSTILE_NAMES } from './arbitraries.js';

/** Names as result files may carry them: real ones, hostile ones, random text (never "NaN"/"Infinity", which outputs are checked for). */
export const nameArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
    { weight: 2, arbitrary: fc.constantFrom('bridge-native', 'vxlan', 'cilium', 'streams=1', 'rate=1G') },
    { weight: 2, arbitrary: fc.string({ maxLength: 16 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  )
  .filter((s) => !/NaN|Infinity/.test(s));

const METRIC_NAMES = [
  'throughput_gbps',
  'retransmits',
  'latency_p50_us',
  'loss_pct',
  'rate_per_s',
  'path_mtu',
];

const metricName = fc.oneof(fc.constantFrom(...METRIC_NAMES), nameArb);

/** Finite numbers, extremes included. */
export const numberArb: fc.Arbitrary<number> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, 1e308, -1e308, 5e-324, 2 ** 53, 0.1),
  fc.integer({ min: -1000, max: 1_000_000 }),
);

const repetition = (index: number): fc.Arbitrary<Repetition> =>
  fc.record({
    index: fc.constant(index),
    startedAt: fc.constant('2026-01-01T00:00:00.000Z'),
    durationMs: fc.nat({ max: 100_000 }),
    status: fc.constantFrom('ok' as const, 'ok' as const, 'failed' as const),
    metrics: fc.dictionary(metricName, numberArb, { maxKeys: 4 }),
    series: fc.array(
      fc.record({
        metric: metricName,
        unit: nameArb,
        points: fc.array(fc.tuple(fc.nat({ max: 60 }), numberArb), { maxLength: 5 }),
      }),
      { maxLength: 1 },
    ),
    notes: fc.array(nameArb, { maxLength: 2 }),
    raw: fc.constant([]),
  });

const measurementResult = fc
  .record({
    scenario: nameArb,
    placement: fc.constantFrom(...PLACEMENTS),
    measurement: fc.constantFrom(...MEASUREMENT_KINDS),
    variant: nameArb,
    parameters: fc.dictionary(nameArb, fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()), {
      maxKeys: 2,
    }),
    tool: nameArb,
    reps: fc.integer({ min: 0, max: 4 }),
    seed: fc.array(repetition(1), { minLength: 4, maxLength: 4 }),
  })
  .map(({ reps, seed, ...r }) => {
    const repetitions = seed.slice(0, reps).map((x, i) => ({ ...x, index: i + 1 }));
    return { ...r, repetitions, summaries: summarizeResult({ repetitions }) };
  });

/** A valid result document with hostile names, extreme figures, any number of scenarios and results. */
export const docArb: fc.Arbitrary<ResultDocument> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
    suite: nameArb,
    status: fc.constantFrom(
      'complete' as const,
      'interrupted' as const,
      'failed' as const,
      'running' as const,
    ),
    parameters: fc.dictionary(nameArb, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    scenarios: fc.array(nameArb, { maxLength: 3 }),
    results: fc.array(measurementResult, { maxLength: 6 }),
    failures: fc.array(
      fc.record({ scenario: nameArb, error: fc.record({ code: nameArb, message: nameArb }) }),
      { maxLength: 2 },
    ),
  })
  .map((d) => {
    const scenarios = [...new Set([...d.scenarios, ...d.results.map((r) => r.scenario)])];
    return ResultDocument.parse({
      schema: RESULT_SCHEMA,
      tool: { name: 'cnibench', version: 'test' },
      run: {
        id: d.id,
        startedAt: '2026-01-01T00:00:00.000Z',
        status: d.status,
        target: 'lab',
        suite: d.suite,
        parameters: d.parameters,
        host: { kernel: '6.1.0' },
        command: ['cnibench', 'run'],
      },
      scenarios: scenarios.map((name) => ({
        name,
        target: 'lab',
        config: {},
        environment: {},
        status: 'ok',
      })),
      results: d.results,
      failures: d.failures,
    });
  });
