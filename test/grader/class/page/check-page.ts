/**
 * Opens a class page in headless Chromium and checks what every class page must satisfy: it loads
 * nothing but itself, logs no error, runs no script, its charts are labelled images and its links
 * lead somewhere. Shared by the page tests and the end-to-end class test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { CLASS_PAGE_FILE } from '../../../../grader/class/store';
import { openRecorded } from '../../../helpers/chromium';

// Page-side code runs in Chromium; the project compiles without the DOM library.
interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  textContent: string | null;
  closest(selector: string): PageElement | null;
}
declare const document: { querySelectorAll(selector: string): ArrayLike<PageElement>; getElementById(id: string): PageElement | null };

export const REPORTS = path.join(__dirname, '..', '..', '..', '..', 'reports');

/** Opens DIR/class.html and checks what every class page must satisfy; returns the page for more. */
export async function checkClassPage(browser: Browser, dir: string, javaScriptEnabled: boolean, screenshot?: string) {
  const url = pathToFileURL(path.join(dir, CLASS_PAGE_FILE)).href;
  const { page, requests, errors } = await openRecorded(browser, url, javaScriptEnabled);
  expect(requests).toEqual([url]);
  expect(errors).toEqual([]);
  expect(await page.locator('script').count()).toBe(0);
  const charts = await page.evaluate(() =>
    Array.from(document.querySelectorAll('svg.chart')).map((svg) => ({
      role: svg.getAttribute('role'),
      title: svg.querySelector(':scope > title')?.textContent ?? '',
      labelled: (svg.getAttribute('aria-labelledby') ?? '').split(' ').every((id) => document.getElementById(id)?.closest('svg') === svg),
    })),
  );
  for (const chart of charts) expect(chart).toMatchObject({ role: 'img', labelled: true, title: expect.stringMatching(/\S/) });
  const broken = await page.evaluate(() =>
    Array.from(document.querySelectorAll('a[href^="#"]'))
      .map((a) => a.getAttribute('href')!.slice(1))
      .filter((id) => !document.getElementById(id)),
  );
  expect(broken).toEqual([]);
  // Links to students' reports are relative and lead to files beside the page.
  const reports = await page.evaluate(() =>
    Array.from(document.querySelectorAll('a[href$="index.html"]')).map((a) => a.getAttribute('href')!),
  );
  for (const href of reports) expect(fs.existsSync(path.join(dir, decodeURIComponent(href)))).toBe(true);
  if (screenshot) {
    fs.mkdirSync(REPORTS, { recursive: true });
    await page.screenshot({ path: path.join(REPORTS, screenshot), fullPage: true });
  }
  return { page, charts, close: () => page.context().close() };
}
