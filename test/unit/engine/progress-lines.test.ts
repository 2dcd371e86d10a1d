import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgress, oneLine } from '../../../src/engine/progress.js';

test('tool errors of several lines (and curl meters with carriage returns) stay on one progress line', () => {
  assert.equal(
    oneLine(
      'ftp download failed (curl exit 7):\r  % Total    % Received\r100  1k\ncurl: (7) Failed to connect\n',
    ),
    'ftp download failed (curl exit 7): | % Total    % Received | 100  1k | curl: (7) Failed to connect',
  );
  let out = '';
  const progress = createProgress({ write: (s) => (out += s), tty: true, color: false });
  progress({ type: 'run-start', runId: 'r', totalSeconds: 10, totalRepetitions: 2 });
  progress({
    type: 'repetition-start',
    scenario: 's',
    placement: 'service',
    measurement: 'transfer',
    variant: 'protocol=ftp',
    repetition: 1,
    repetitions: 1,
    doneSeconds: 0,
    remainingSeconds: 5,
  });
  progress({ type: 'repetition-end', ok: false, headline: 'failed: curl exit 7\r100 1k' });
  progress({
    type: 'path-failed',
    scenario: 's',
    placement: 'host',
    error: { code: 'NOT_REACHABLE', message: 'host: cannot connect\nnc: timed out\r\n' },
  });
  // as a terminal shows it: a clear-line sequence wipes the live line written before it
  const lines = out.split('\n').map((l) => l.split('\r\u001b[2K').pop());
  assert.deepEqual(lines.slice(1), [
    '  [1/2] s service transfer protocol=ftp rep 1/1: failed: curl exit 7 | 100 1k',
    '  host: not measured: [NOT_REACHABLE] host: cannot connect | nc: timed out',
    '',
  ]);
});

test('repetitions that will not run (a placement a cluster cannot offer) leave the count: [n/total] ends at total', () => {
  let out = '';
  const progress = createProgress({ write: (s) => (out += s), tty: false, color: false });
  progress({ type: 'run-start', runId: 'r', totalSeconds: 10, totalRepetitions: 4 });
  progress({
    type: 'placement-skipped',
    scenario: 's',
    placement: 'cross-node',
    reason: 'only one schedulable node',
    dropped: 2,
  });
  for (const placement of ['same-node', 'host'] as const) {
    progress({
      type: 'repetition-start',
      scenario: 's',
      placement,
      measurement: 'tcp',
      variant: 'streams=1',
      repetition: 1,
      repetitions: 1,
      doneSeconds: 0,
      remainingSeconds: 1,
    });
    progress({ type: 'repetition-end', ok: true, headline: '1 Gbit/s' });
  }
  assert.match(out, /\[1\/2\] s same-node/);
  assert.match(out, /\[2\/2\] s host/);
});
