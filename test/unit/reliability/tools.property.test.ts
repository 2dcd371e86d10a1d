import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseCurlBatch, parseCurlTransfer } from '../../../src/tools/curl.js';
import { parseDnsperf } from '../../../src/tools/dnsperf.js';
import { parseH2loadLog, parseH2loadSummary } from '../../../src/tools/h2load.js';
import { parseIperf3 } from '../../../src/tools/iperf3.js';
import { parsePing } from '../../../src/tools/ping.js';
import { parseSockperf } from '../../../src/tools/sockperf.js';
import { mutated } from '../../helpers/arbitraries.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { assertCoded, oneCase, property } from '../../helpers/property.js';

/** Real outputs of a tool (successes and failures) under test/fixtures/<dir>, by file name. */
function fixtures(dir: string, match: RegExp): string[] {
  const root = join(REPO_ROOT, 'test', 'fixtures', dir);
  return readdirSync(root)
    .filter((f) => match.test(f))
    .map((f) => readFileSync(join(root, f), 'utf8'));
}

/** Each parser on real outputs edited at random: a result with finite numbers, or a coded failure. */
const PARSERS: [string, string[], (text: string) => { ok: boolean }][] = [
  ['iperf3', fixtures('iperf3', /\.json$/), parseIperf3],
  ['sockperf', fixtures('sockperf', /\.stdout$/), parseSockperf],
  ['dnsperf', fixtures('dnsperf', /\.stdout$/), parseDnsperf],
  ['h2load summary', fixtures('h2load', /\.stdout$/), parseH2loadSummary],
  ['curl transfer', fixtures('curl', /^transfer-.*\.stdout$/), parseCurlTransfer],
  ['ping', fixtures('ping', /\.stdout$/), (t) => parsePing(t, '')],
];

for (const [name, bases, parse] of PARSERS) {
  test(`${name} parser: any output gives finite figures or a coded failure, quickly`, async () => {
    await property(`${name} parser`, mutated(bases), 1100, async (text) => {
      const r = await oneCase(`${name} parser`, () => parse(text));
      if ('ok' in r) assertCoded(r as { ok: boolean }, name);
    });
  });
}

test('parsers that count what they cannot read (h2load log, curl batch, ping stderr) stay finite', async () => {
  const logs = fixtures('h2load', /\.log$/);
  const batches = fixtures('curl', /^crr-.*\.stdout$/);
  const stderrs = fixtures('ping', /\.stderr$/);
  await property(
    'counting parsers',
    fc.tuple(mutated(logs), mutated(batches), mutated(stderrs)),
    1100,
    async ([log, batch, stderr]) => {
      await oneCase('h2load log parser', () => parseH2loadLog(log));
      await oneCase('curl batch parser', () => parseCurlBatch(batch));
      const p = await oneCase('ping parser', () => parsePing('', stderr));
      if ('ok' in p) assertCoded(p, 'ping');
    },
  );
});
