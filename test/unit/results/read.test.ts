import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResult } from '../../../src/results/read.js';
import { CnibenchError } from '../../../src/model/errors.js';

const text = (parameters: string, config = '{}'): string =>
  '{"schema":"cnibench.result/v1","tool":{"name":"cnibench","version":"0.1.0"},' +
  `"run":{"id":"x1","startedAt":"2026-01-01T00:00:00Z","status":"complete","target":"lab","suite":"quick","parameters":${parameters},"host":{},"command":[]},` +
  `"scenarios":[{"name":"a","target":"lab","config":${config},"environment":{},"status":"ok","unsupportedPlacements":[]}],` +
  '"results":[],"failures":[],"skipped":[]}';

test('a number JSON reads as Infinity in free-form parameters or settings is refused, naming the field', () => {
  // found by the result reader's property test: `1e999` in run.parameters passed through as Infinity
  assert.equal(parseResult(text('{"repeat":3}'), 'r.json').run.parameters['repeat'], 3);
  for (const [parameters, config, field] of [
    ['{"repeat":1e999}', '{}', /run\.parameters: repeat is not a finite number/],
    ['{"suite":{"duration":-1e999}}', '{}', /run\.parameters: suite\.duration is not a finite number/],
    ['{}', '{"mtu":1e400}', /config: mtu is not a finite number/],
  ] as const) {
    assert.throws(
      () => parseResult(text(parameters, config), 'r.json'),
      (e: unknown) => e instanceof CnibenchError && e.code === 'RESULT_INVALID' && field.test(e.message),
    );
  }
});
