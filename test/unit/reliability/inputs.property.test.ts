import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseConfig, resolveSuite } from '../../../src/config/load.js';
import { selectScenarios } from '../../../src/config/scenarios.js';
import { parseConfigText } from '../../../src/config/yaml.js';
import { parseResult } from '../../../src/results/read.js';
import { providerFor } from '../../../src/targets/registry.js';
import { HOSTILE_NAMES, mutated } from '../../helpers/arbitraries.js';
import { docArb } from '../../helpers/doc-arbitrary.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { oneCase, property } from '../../helpers/property.js';

const examples = readdirSync(join(REPO_ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(REPO_ROOT, 'examples', f), 'utf8'));

/** A config read end to end as `run` does: text, validation, suite and scenario lookup by name. */
function loadEverything(text: string, names: readonly string[]): unknown {
  const config = parseConfig(parseConfigText(text, 'c.yaml'), 'c.yaml');
  for (const n of names) {
    for (const kind of ['lab', 'kubernetes']) {
      try {
        selectScenarios(config, providerFor(kind), [n]);
      } catch (e) {
        if (!(e instanceof Error) || !('code' in e)) throw e;
      }
    }
    try {
      resolveSuite(config, n);
    } catch (e) {
      if (!(e instanceof Error) || !('code' in e)) throw e;
    }
  }
  return config;
}

const name = fc.oneof(
  fc.constantFrom(...HOSTILE_NAMES),
  fc.string({ maxLength: 10 }),
  fc.constantFrom('quick', 'standard', 'vxlan'),
);

/** Structures shaped like configs, with wrong types, hostile names and random values where settings go. */
const configLike = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 1 })),
    target: fc.oneof(fc.constantFrom('lab', 'kubernetes'), name),
    lab: fc.oneof(
      fc.record({ pluginDir: fc.string(), stateDir: fc.string() }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    scenarios: fc.array(
      fc.record(
        {
          name,
          target: fc.oneof(fc.constantFrom('lab', 'kubernetes'), name),
          profile: fc.oneof(fc.constantFrom('bridge-native', 'vxlan', 'ebpf'), name),
          mtu: fc.oneof(fc.integer(), fc.double(), fc.string()),
          linkRate: fc.oneof(fc.constantFrom('1G', '100M'), fc.string()),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 4 },
    ),
    suites: fc.dictionary(
      name,
      fc.record(
        {
          repeat: fc.oneof(fc.integer(), fc.double(), fc.string()),
          duration: fc.oneof(
            fc.constantFrom('10s', '1e308', '500ms', '25d', '-1s'),
            fc.double(),
            fc.string(),
          ),
          warmup: fc.oneof(fc.constantFrom('2s', 'NaN'), fc.double()),
          placements: fc.array(fc.oneof(fc.constantFrom('same-node', 'host', 'service'), name), {
            maxLength: 4,
          }),
          measurements: fc.array(
            fc.oneof(
              fc.record(
                {
                  kind: fc.constantFrom('tcp', 'udp', 'rr', 'http', 'dns'),
                  streams: fc.array(fc.integer(), { maxLength: 3 }),
                },
                { requiredKeys: ['kind'] },
              ),
              fc.jsonValue({ maxDepth: 2 }),
            ),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      ),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: [] },
);

test('the config loader: any text gives a config or a coded error, quickly', async () => {
  const texts = fc.oneof(
    mutated(examples),
    configLike.map((c) => stringify(c)),
    configLike.map((c) => JSON.stringify(c)),
    fc.jsonValue({ maxDepth: 40 }).map((v) => JSON.stringify(v)),
  );
  await property(
    'config loader',
    fc.tuple(texts, fc.array(name, { maxLength: 3 })),
    2000,
    async ([text, names]) => {
      await oneCase('config loader', () => loadEverything(text, names));
    },
  );
});

test('the result reader: any text gives a document or a coded error, quickly', async () => {
  const real = [
    readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-quick-bridge-vxlan.json'), 'utf8'),
  ];
  const small = real.map((t) => {
    const d = JSON.parse(t) as { results: unknown[] };
    return JSON.stringify({ ...d, results: d.results.slice(0, 3) }, null, 1);
  });
  const texts = fc.oneof(
    { weight: 4, arbitrary: mutated(small) },
    { weight: 1, arbitrary: mutated(real) },
    { weight: 3, arbitrary: docArb.map((d) => JSON.stringify(d)) },
    {
      weight: 2,
      arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) =>
        JSON.stringify({
          schema: 'cnibench.result/v1',
          ...(typeof v === 'object' && v !== null ? v : { v }),
        }),
      ),
    },
  );
  await property('result reader', texts, 1500, async (text) => {
    const r = await oneCase('result reader', () => parseResult(text, 'r.json'));
    if (!(r instanceof Error)) assert.equal(r.schema, 'cnibench.result/v1');
  });
});
