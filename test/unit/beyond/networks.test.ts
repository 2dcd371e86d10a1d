import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SuiteSpec } from '../../../src/config/schema.js';
import { makeRunPlan } from '../../../src/engine/plan.js';
import { networkOf } from '../../../src/engine/networks.js';

test('networks: [primary, secondary] plans each variant twice, the second needing a secondary network', () => {
  const suite = SuiteSpec.parse({
    measurements: [{ kind: 'tcp', streams: [1] }],
    networks: ['primary', 'secondary'],
  });
  const plan = makeRunPlan([], suite);
  assert.deepEqual(
    plan.variants.map((v) => [v.name, networkOf(v), v.requires]),
    [
      ['streams=1', 'primary', []],
      ['streams=1 network=secondary', 'secondary', ['secondary-network']],
    ],
  );
  assert.equal(plan.variants[1]!.parameters.network, 'secondary');
  assert.equal(makeRunPlan([], SuiteSpec.parse({ measurements: [{ kind: 'tcp' }] })).variants.length, 2);
  assert.throws(() => SuiteSpec.parse({ measurements: [{ kind: 'tcp' }], networks: ['tertiary'] }));
});
