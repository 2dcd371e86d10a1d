/**
 * Calibration on real lab figures (test/fixtures/calibration): do the verdicts keep the error
 * rates they claim? Samples are drawn with replacement from 20 real repetitions of a metric,
 * so "no difference" is true by construction, and a shift is applied by scaling one side.
 * Seeded: the figures printed are the same on every run (docs/statistics.md quotes them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controlFalseDiscoveries, testMetric } from '../../../src/compare/metric.js';
import { repetitionsForEffect } from '../../../src/stats/power.js';
import { mulberry32, randomIndex, seedOf } from '../../../src/stats/prng.js';
import { rankSumTest } from '../../../src/stats/rank-sum.js';
import { DEFAULT_SEQUENTIAL_POLICY, sequentialDecision } from '../../../src/stats/sequential.js';
import {
  draw,
  isHeadline,
  loadSeries,
  logSd,
  metricInput,
  rate,
  verdictOf,
  type Series,
} from './calibration-data.js';

const series = loadSeries();
const headline = series.filter(isHeadline);
const TRIALS = 2000;
const SHIFT = 1.1;
/** Repetitions per side the docs recommend for a series: 80% power for a 10% shift at its noise. */
const recommended = (s: Series): number => repetitionsForEffect(Math.log(SHIFT), logSd(s))!;
const pick = <T>(xs: readonly T[], rng: () => number): T => xs[randomIndex(rng, xs.length)]!;

/**
 * The exact test's true false-positive rate at 5% is at most 5% by construction (10 v 10 without
 * ties: 4.3%; with the ties of resampled lab figures about 4.7%, from 40,000 trials). A count of
 * 2000 trials carries a sampling error of +-0.5%, so the assertion allows what sampling alone
 * gives in 99% of runs (2.33 standard errors). CALIBRATION_TRIALS=40000 runs more.
 */
const NULL_TRIALS = Number(process.env['CALIBRATION_TRIALS'] ?? TRIALS);
const SAMPLING_ALLOWANCE = 2.33 * Math.sqrt((0.05 * 0.95) / NULL_TRIALS);

test('same distribution: a significant verdict in at most 5% of 2000 comparisons at n = 3, 5 and 10', () => {
  assert.ok(series.length >= 150, `${series.length} series`);
  for (const n of [3, 5, 10]) {
    const rng = mulberry32(seedOf(`null/${n}`));
    let hits = 0;
    for (let t = 0; t < NULL_TRIALS; t++) {
      const s = pick(series, rng);
      if (verdictOf(s, draw(s, n, rng), draw(s, n, rng)).significant) hits++;
    }
    console.log(
      `same distribution, ${n} per side, ${series.length} metrics: significant in ${rate(hits, NULL_TRIALS)}`,
    );
    assert.ok(hits / NULL_TRIALS <= 0.05 + SAMPLING_ALLOWANCE, `n=${n}: ${hits}`);
    if (n === 3) assert.equal(hits, 0, '3 against 3 gives no verdict');
  }
});

test('a 10% shift is found in at least 80% of 2000 comparisons at the recommended repetitions', () => {
  const usable = headline.filter((s) => recommended(s) <= 40);
  assert.ok(usable.length >= 10, `${usable.length} headline series`);
  const rng = mulberry32(seedOf('power'));
  let hits = 0;
  let reps = 0;
  const per = new Map<Series, [number, number]>();
  for (let t = 0; t < TRIALS; t++) {
    const s = pick(usable, rng);
    const n = recommended(s);
    reps += n;
    const m = verdictOf(s, draw(s, n, rng), draw(s, n, rng, SHIFT));
    const found = m.verdict === (s.better === 'higher' ? 'better' : 'worse');
    if (found) hits++;
    const [f, all] = per.get(s) ?? [0, 0];
    per.set(s, [f + (found ? 1 : 0), all + 1]);
  }
  const shown = usable.map((s) => {
    const [f, all] = per.get(s) ?? [0, 0];
    return `${s.id} (noise ${(100 * logSd(s)).toFixed(1)}%): ${recommended(s)} per side, found in ${rate(f, all)}`;
  });
  console.log(`recommended repetitions per side for a 10% shift:\n  ${shown.join('\n  ')}`);
  console.log(
    `10% shift at the recommended n (mean ${(reps / TRIALS).toFixed(1)} per side): found in ${rate(hits, TRIALS)}`,
  );
  assert.ok(hits / TRIALS >= 0.8, `${hits}`);
});

test('identical scenarios, every metric at once: the false-discovery control keeps false verdicts rare', () => {
  // All metrics of one run's measurements, repetitions drawn jointly (a repetition's metrics
  // stay together, with their correlations), compared with a second draw from the same run.
  const groups = new Map<string, Series[]>();
  for (const s of series.filter((x) => x.id.startsWith('bridge-native/'))) {
    const key = s.id.split('/').slice(0, 4).join('/');
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const metrics = [...groups.values()].flat().length;
  const rng = mulberry32(seedOf('family'));
  const trials = 100;
  const n = 10;
  let rawCalls = 0;
  let rawAny = 0;
  let fdrAny = 0;
  for (let t = 0; t < trials; t++) {
    const tested = [...groups.values()].flatMap((group) => {
      const a = Array.from({ length: n }, () => randomIndex(rng, 20));
      const b = Array.from({ length: n }, () => randomIndex(rng, 20));
      return group.map((s) =>
        testMetric(
          metricInput(
            s,
            a.map((i) => s.values[i]!),
            b.map((i) => s.values[i]!),
          ),
        ),
      );
    });
    const raw = tested.filter((m) => m.pValue !== null && m.pValue <= 0.05).length;
    rawCalls += raw;
    if (raw > 0) rawAny++;
    if (controlFalseDiscoveries(tested).some((m) => m.significant)) fdrAny++;
  }
  console.log(
    `identical scenarios, ${metrics} metrics, ${n} per side: p <= 0.05 alone calls ${(rawCalls / trials).toFixed(1)} per comparison ` +
      `(at least one in ${rate(rawAny, trials)}); with Benjamini-Hochberg q <= 0.05, at least one in ${rate(fdrAny, trials)}`,
  );
  assert.ok(rawAny / trials > 0.5, 'without adjustment most comparisons would call something');
  assert.ok(fdrAny / trials <= 0.05, `${fdrAny}`);
});

test('the sequential rule: at most 5% false verdicts over all its looks, and what a 10% shift costs', () => {
  const cap = DEFAULT_SEQUENTIAL_POLICY.looks[DEFAULT_SEQUENTIAL_POLICY.looks.length - 1]!;
  const rng = mulberry32(seedOf('sequential'));
  const policy = (s: Series) => ({ ...DEFAULT_SEQUENTIAL_POLICY, better: s.better });
  let falseCalls = 0;
  let unadjusted = 0;
  for (let t = 0; t < TRIALS; t++) {
    const s = pick(headline, rng);
    const [a, b] = [draw(s, cap, rng), draw(s, cap, rng)];
    const d = sequentialDecision(a, b, policy(s));
    if (['better', 'worse', 'different'].includes(d.outcome)) falseCalls++;
    // The naive rule: stop at the first look where p <= 0.05 (the rule's own looks are reused;
    // looks after an early stop are tested here).
    const later = DEFAULT_SEQUENTIAL_POLICY.looks.filter((n) => n > (d.look?.n ?? 0));
    const ps = [
      ...d.looks.map((l) => l.pValue),
      ...later.map((n) => rankSumTest(a.slice(0, n), b.slice(0, n)).pValue),
    ];
    if (ps.some((p) => p <= 0.05)) unadjusted++;
  }
  console.log(
    `sequential, same distribution, looks at ${DEFAULT_SEQUENTIAL_POLICY.looks.join('/')}: false verdict in ${rate(falseCalls, TRIALS)}` +
      ` (p <= 0.05 at any look without spending: ${rate(unadjusted, TRIALS)})`,
  );
  assert.ok(falseCalls / TRIALS <= 0.05, `${falseCalls}`);
  assert.ok(unadjusted > falseCalls);

  const quiet = headline.filter((s) => logSd(s) <= 0.12);
  let found = 0;
  let used = 0;
  let equivalent = 0;
  const shiftTrials = 500;
  for (let t = 0; t < shiftTrials; t++) {
    const s = pick(quiet, rng);
    const d = sequentialDecision(draw(s, cap, rng), draw(s, cap, rng, SHIFT), policy(s));
    used += d.look?.n ?? cap;
    if (d.outcome === (s.better === 'higher' ? 'better' : 'worse')) found++;
    if (d.outcome === 'equivalent') equivalent++;
  }
  console.log(
    `sequential, 10% shift, ${quiet.length} headline metrics with noise <= 12%: found in ${rate(found, shiftTrials)}, ` +
      `mean ${(used / shiftTrials).toFixed(1)} repetitions per side (cap ${cap}); wrongly "equivalent" in ${rate(equivalent, shiftTrials)}`,
  );
  assert.ok(used / shiftTrials < cap);
  assert.ok(equivalent / shiftTrials <= 0.05);
});

test('drift: consecutive repetitions are not exchangeable, interleaved ones are', () => {
  // Each series holds 20 repetitions of one measurement in the order measured. Splitting them
  // into the first and last 10 is what comparing two scenarios run one after the other does;
  // odd against even repetitions is what interleaving them does. Same measurement both ways.
  const significant = (split: (i: number) => boolean): number =>
    series.filter((s) => {
      const a = s.values.filter((_, i) => split(i));
      const b = s.values.filter((_, i) => !split(i));
      return verdictOf(s, a, b).significant;
    }).length;
  const blocks = significant((i) => i < 10);
  const interleaved = significant((i) => i % 2 === 0);
  console.log(
    `the same measurement, ${series.length} metrics, 10 against 10: first against last half significant in ${rate(blocks, series.length)}; ` +
      `odd against even repetitions in ${rate(interleaved, series.length)}`,
  );
  assert.ok(interleaved / series.length <= 0.05, `${interleaved}`);
  assert.ok(blocks / series.length > 0.1, 'these runs drifted: the fixtures document it');
});
