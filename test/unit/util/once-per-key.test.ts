import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OncePerKey } from '../../../src/util/once-per-key.js';

test('one promise per key: later callers share it; a rejected one is tried again', async () => {
  const once = new OncePerKey<string, number>();
  let calls = 0;
  const work = (): Promise<number> => Promise.resolve(++calls);
  assert.equal(await once.get('a', work), 1);
  assert.equal(await once.get('a', work), 1, 'shared');
  assert.equal(await once.get('b', work), 2, 'per key');
  await assert.rejects(
    once.get('c', () => Promise.reject(new Error('interrupted'))),
    /interrupted/,
  );
  assert.equal(await once.get('c', work), 3, 'a failure is not remembered');
});
