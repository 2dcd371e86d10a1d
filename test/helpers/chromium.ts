import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function findChromium(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
    existsSync(p),
  );
}

/** Renders an HTML page with headless Chromium and returns the PNG's path. */
export function screenshot(html: string, size = '1280,1400'): string {
  const chromium = findChromium();
  if (chromium === undefined) throw new Error('no chromium installed');
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-shot-'));
  const page = join(dir, 'page.html');
  const shot = join(dir, 'page.png');
  writeFileSync(page, html);
  execFileSync(
    chromium,
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
      `--window-size=${size}`,
      `--screenshot=${shot}`,
      `file://${page}`,
    ],
    { timeout: 90_000, stdio: 'ignore' },
  );
  return shot;
}
