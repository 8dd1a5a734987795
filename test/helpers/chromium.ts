/** Chromium for the report tests (Debian's package; playwright-core downloads nothing). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium from CHROMIUM_PATH or PATH; a missing browser is a failure with the fix, never a skip. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH under this name
    }
  }
  throw new Error(
    'The report browser tests need Chromium and found none: install it (Debian: apt-get install chromium) ' +
      'or set CHROMIUM_PATH to its executable.',
  );
}

/**
 * Opens the file at `url` in a fresh context (1100 × 900), recording every request the page makes
 * and every console error and uncaught exception, so a test can say it loaded nothing but itself
 * and logged no error.
 */
export async function openRecorded(
  browser: Browser,
  url: string,
  javaScriptEnabled: boolean,
): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}
