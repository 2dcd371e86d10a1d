import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml } from '../../../src/report/html.js';
import { rendererFor } from '../../../src/report/index.js';
import { readResult } from '../../../src/results/read.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { EVIL, reportDoc } from './html-fixture.js';
import { pngStats } from './html-png.js';

test('a name containing <script> is shown as text, everywhere', async () => {
  const html = await renderHtml([reportDoc()]);
  assert.ok(!html.includes(EVIL), 'raw markup from the results must not reach the page');
  assert.ok(
    !/<script(?! type="application\/json" id="cnibench-results">)/.test(html),
    'the only script element is the data block',
  );
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'shown as escaped text');
  assert.ok(!/<[^>]+\son\w+\s*=/i.test(html), 'no event handler attributes');
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
  );
});

test('the report embeds the documents, draws bar and per-interval charts, and has every section', async () => {
  const doc = reportDoc();
  const html = await renderHtml([doc]);
  const data = /<script type="application\/json" id="cnibench-results">(.*?)<\/script>/s.exec(html)?.[1];
  assert.deepEqual(JSON.parse(data!), [doc]);
  const svgs = html.match(/<svg /g)?.length ?? 0;
  // tcp: throughput + retransmits; udp: throughput, loss, jitter = 5 bar charts; 9 tcp results with series.
  assert.equal(svgs, 5 + 9);
  for (const id of ['charts', 'summary', 'failures', 'series', 'figures', 'environment', 'method', 'raw']) {
    assert.match(html, new RegExp(`<h2 id="${id}">`));
  }
  assert.match(html, /cpu-bound: iperf3 sender CPU at 98\.0%/);
  assert.match(html, /loss-bound: /);
  assert.match(html, /75% order-statistic/);
  assert.match(html, /iperf3 exited with 1: &lt;script&gt;/);
  assert.ok(!/https?:\/\/(?!www\.w3\.org\/)/.test(html), 'nothing is loaded from the network');
  assert.equal(await rendererFor('html')([doc], { color: false }), html);
});

test('the method section says when repetitions were adaptive', async () => {
  const doc = reportDoc();
  assert.doesNotMatch(await renderHtml([doc]), /<code>--repeat auto<\/code>/);
  doc.run.parameters['repeat'] = 'auto';
  assert.match(await renderHtml([doc]), /<code>--repeat auto<\/code>: each measurement was repeated until/);
});

function findChromium(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
    existsSync(p),
  );
}

const chromium = findChromium();

/** The HTML report of a real lab run (quick suite, bridge-native and vxlan) as the result reader sees it. */
const REAL_RUN = join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-quick-bridge-vxlan.json');

/** Renders `html` in headless Chromium (1280 x 1600) and returns the screenshot's file and pixel statistics. */
function screenshot(html: string): { shot: string; stats: ReturnType<typeof pngStats> } {
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-html-'));
  const page = join(dir, 'report.html');
  const shot = join(dir, 'report.png');
  writeFileSync(page, html);
  execFileSync(
    chromium!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--hide-scrollbars',
      '--window-size=1280,1600',
      `--screenshot=${shot}`,
      `file://${page}`,
    ],
    { timeout: 90_000, stdio: 'ignore' },
  );
  return { shot, stats: pngStats(shot) };
}

const NO_CHROMIUM = { skip: chromium === undefined ? 'no chromium installed' : false, timeout: 120_000 };

test('headless Chromium renders the report of a real lab run with its charts', NO_CHROMIUM, async (t) => {
  const { shot, stats } = screenshot(await renderHtml([await readResult(REAL_RUN)]));
  assert.equal(stats.width, 1280);
  assert.ok(stats.colours > 50, `only ${stats.colours} colours: the page looks empty`);
  // The first screen holds the bar charts: both scenarios' colours (tableau10 blue and orange) fill bars.
  const blue = stats.pixels.get(0x4c78a8) ?? 0;
  const orange = stats.pixels.get(0xf58518) ?? 0;
  assert.ok(blue > 5000 && orange > 5000, `bars not drawn: ${blue} blue and ${orange} orange bar pixels`);
  t.diagnostic(`screenshot ${shot}: ${stats.colours} colours, ${blue} blue and ${orange} orange bar pixels`);
});

/**
 * A real interleaved quick lab run of four scenarios: a and b the same profile (bridge-native),
 * c vxlan, d bridge-native with its fabric link shaped to 1 Gbit/s (cross-node and host: worse).
 */
const VERDICT_RUN = join(REPO_ROOT, 'test', 'fixtures', 'results', 'lab-quick-abcd-interleaved.json');

test(
  'the verdicts come first: the table with its worse verdicts in red is drawn above the charts',
  NO_CHROMIUM,
  async (t) => {
    const html = await renderHtml([await readResult(VERDICT_RUN)]);
    assert.ok(html.indexOf('<h2>Verdicts') < html.indexOf('<h2 id="charts">'), 'verdicts before the charts');
    const { shot, stats } = screenshot(html);
    const red = stats.pixels.get(0xb00020) ?? 0;
    const redTop = stats.firstRow.get(0xb00020) ?? Infinity;
    const barTop = stats.firstRow.get(0x4c78a8) ?? Infinity;
    t.diagnostic(`screenshot ${shot}: ${red} red pixels from row ${redTop}; first bar at row ${barTop}`);
    assert.ok(red > 100, `the worse verdicts are not drawn in red (#b00020): ${red} pixels`);
    assert.ok(redTop < 600, `the first worse verdict is not on the first screen: row ${redTop}`);
    assert.ok(redTop < barTop, `the verdicts (row ${redTop}) are not above the charts (row ${barTop})`);
    assert.equal(stats.pixels.get(0x0a7a2f) ?? 0, 0, 'no "better" verdict in this run, so no green');
  },
);
