import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig, resolveSuite } from '../../../src/config/load.js';
import { selectScenarios } from '../../../src/config/scenarios.js';
import { CnibenchError } from '../../../src/model/errors.js';
import { parseBitrate } from '../../../src/util/units.js';
import { durationField, durationSeconds } from '../../../src/model/fields.js';
import { labProvider } from '../../../src/targets/lab/provider.js';

function usageError(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof CnibenchError && e.exitCode === 2 && pattern.test(e.message));
}

test('a bad value names its path and what is allowed', () => {
  usageError(
    () =>
      parseConfig(
        {
          scenarios: [
            { name: 'a', target: 'lab', profile: 'vxlan' },
            { name: 'b', target: 'lab', profile: 'geneve2' },
          ],
        },
        'x.yaml',
      ),
    /x\.yaml: scenarios\[1\]\.profile: .*"bridge-native"/,
  );
  usageError(
    () => parseConfig({ scenarios: [{ name: 'a', target: 'lab', profile: 'vxlan', mtu: 100 }] }, 'x.yaml'),
    /scenarios\[0\]\.mtu/,
  );
  usageError(() => parseConfig({ sutes: {} }, 'x.yaml'), /sutes/);
  usageError(
    () => parseConfig({ suites: { mine: { measurements: [{ kind: 'tcp', streams: [0] }] } } }, 'x.yaml'),
    /suites\.mine\.measurements\[0\]\.streams\[0\]/,
  );
});

test('scenario names must be unique', () => {
  usageError(
    () =>
      parseConfig(
        {
          scenarios: [
            { name: 'a', target: 'lab', profile: 'vxlan' },
            { name: 'a', target: 'lab', profile: 'ptp-native' },
          ],
        },
        'c.yaml',
      ),
    /scenarios\[1\]\.name: "a" is used twice/,
  );
});

test('YAML files load; syntax errors and missing files are usage errors', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cnb-test-'));
  const good = join(dir, 'good.yaml');
  await writeFile(
    good,
    'scenarios:\n  - name: overlay\n    target: lab\n    profile: vxlan\n    mtu: 9000\nsuites:\n  mine:\n    measurements:\n      - kind: udp\n        bitrate: [100M]\n',
  );
  const c = await loadConfig(good);
  assert.equal(c.scenarios[0]!.name, 'overlay');
  assert.equal(resolveSuite(c, 'mine').repeat, 3);
  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, 'scenarios: [\n');
  await assert.rejects(
    loadConfig(bad),
    (e: unknown) => e instanceof CnibenchError && e.code === 'CONFIG_INVALID' && e.exitCode === 2,
  );
  await assert.rejects(
    loadConfig(join(dir, 'none.yaml')),
    (e: unknown) => e instanceof CnibenchError && e.code === 'CONFIG_NOT_FOUND',
  );
});

test('built-in suites resolve; unknown ones list the known', () => {
  const c = parseConfig({}, 'defaults');
  const quick = resolveSuite(c, 'quick');
  assert.deepEqual(
    quick.measurements.map((m) => m.kind),
    ['tcp'],
  );
  assert.ok(quick.repeat >= 6, 'quick repeats enough for a verdict at 5% after the false-discovery control');
  assert.deepEqual(
    resolveSuite(c, 'standard')
      .measurements.map((m) => m.kind)
      .slice(0, 2),
    ['tcp', 'udp'],
  );
  usageError(() => resolveSuite(c, 'nope'), /unknown suite "nope"/);
  usageError(() => resolveSuite(c, 'quik'), /did you mean "quick"/);
});

test('without a config the lab runs one scenario per profile; --scenario narrows and checks names', () => {
  const c = parseConfig({}, 'defaults');
  assert.deepEqual(
    selectScenarios(c, labProvider, []).scenarios.map((s) => s.name),
    ['bridge-native', 'ptp-native', 'vxlan', 'ebpf'],
  );
  assert.deepEqual(
    selectScenarios(c, labProvider, ['vxlan']).scenarios.map((s) => s.name),
    ['vxlan'],
  );
  usageError(() => selectScenarios(c, labProvider, ['vxlam']), /unknown scenario "vxlam".*lab/);
});

test('durations and bit rates are parsed in one place', () => {
  const d = durationField({ positive: true });
  assert.equal(d.parse('500ms'), 0.5);
  assert.equal(d.parse('2m'), 120);
  assert.equal(d.parse(3), 3);
  assert.equal(d.safeParse(0).success, false, 'a measured time of 0 is refused');
  assert.equal(d.safeParse('0s').success, false);
  assert.equal(d.safeParse('2d').success, false);
  assert.equal(d.safeParse(1e308).success, false, 'at most a day');
  assert.equal(durationSeconds('soon'), undefined);
  assert.equal(parseBitrate('1G', 'x'), 1e9);
  assert.equal(parseBitrate('100mbit', 'x'), 1e8);
  usageError(() => parseBitrate('fast', 'udp.bitrate'), /udp\.bitrate/);
});
