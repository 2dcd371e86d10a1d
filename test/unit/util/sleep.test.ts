import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { sleep } from '../../../src/util/sleep.js';

test('sleep: a poll loop on one signal leaves no listener behind; an abort ends the wait at once', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.name);
  process.on('warning', onWarning);
  try {
    const c = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, c.signal);
    assert.equal(getEventListeners(c.signal, 'abort').length, 0, 'every sleep removed its listener');
    const t0 = Date.now();
    const long = sleep(60_000, c.signal);
    c.abort();
    await long;
    assert.ok(Date.now() - t0 < 1000, 'the abort ended a 60-s sleep');
    await sleep(60_000, c.signal); // already aborted: no wait
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings, [], 'no MaxListenersExceededWarning');
  } finally {
    process.off('warning', onWarning);
  }
});
