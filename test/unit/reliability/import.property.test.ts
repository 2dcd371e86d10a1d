import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { assembleImport } from '../../../src/import/assemble.js';
import { CONVERTERS } from '../../../src/import/converters.js';
import { detectFormat } from '../../../src/import/detect.js';
import type { ImportFormat, ImportHints } from '../../../src/import/types.js';
import { ResultDocument } from '../../../src/results/schema.js';
import { mutated } from '../../helpers/arbitraries.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { oneCase, property } from '../../helpers/property.js';

const IMPORT = join(REPO_ROOT, 'test', 'fixtures', 'import');

function texts(dir: string, match: RegExp): string[] {
  return readdirSync(dir)
    .filter((f) => match.test(f) && statSync(join(dir, f)).isFile())
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

const SOURCES: [ImportFormat, string[]][] = [
  ['iperf3-json', texts(join(IMPORT, 'iperf3-json'), /\.json$/)],
  ['iperf3-text', [...texts(IMPORT, /\.txt$/), ...texts(join(IMPORT, 'rke2-article'), /\.txt$/)]],
  ['k8s-netperf', texts(join(IMPORT, 'k8s-netperf'), /\.csv$/)],
  ['knb', texts(join(IMPORT, 'knb'), /\.(json|yaml|txt)$/)],
];

const hints: fc.Arbitrary<ImportHints> = fc.record(
  {
    placement: fc.constantFrom('same-node' as const, 'cross-node' as const, 'host' as const),
    measurement: fc.constantFrom('tcp' as const, 'udp' as const),
    streams: fc.integer({ min: 1, max: 8 }),
    bitrateBps: fc.constantFrom(1e9, 1e308, 1),
  },
  { requiredKeys: [] },
);

for (const [format, bases] of SOURCES) {
  test(`import ${format}: any file gives a valid result document or a coded error`, async () => {
    await property(`import ${format}`, fc.tuple(mutated(bases), hints), 350, async ([text, h]) => {
      await oneCase(`detect format`, () => detectFormat(text) ?? 'none');
      await oneCase(`import ${format}`, () => {
        const converted = CONVERTERS[format](text, 'f', h);
        const doc = assembleImport({
          format,
          files: [{ path: 'f', text, converted }],
          scenario: 'imported',
          target: 'kubernetes',
          hints: h,
          runId: 'imp001',
          importedAt: '2026-01-01T00:00:00.000Z',
          command: ['cnibench', 'import'],
        });
        const back = ResultDocument.safeParse(JSON.parse(JSON.stringify(doc)));
        assert.ok(
          back.success,
          `import ${format}: the document does not read back: ${back.error?.issues[0]?.message ?? ''}`,
        );
        return doc;
      });
    });
  });
}
