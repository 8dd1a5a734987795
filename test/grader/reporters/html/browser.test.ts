/**
 * Reports of real grades (test/fixtures/grades.ts) in headless Chromium: nothing loads, nothing
 * logs an error, every section and the failing checks' feedback are visible, also with
 * JavaScript off. Screenshots and copies of the pages land in reports/ for people to look at.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../../../grader/reporters/html/render';
import { CHROMIUM_ARGS, chromiumPath, openRecorded } from '../../../helpers/chromium';
import { GRADER_ROOT } from '../../../../grader/paths';
import { realGrade, type GradeFixture } from '../../../fixtures/grades';

// The functions given to page.evaluate run in Chromium; this project compiles without the DOM
// library, so the little of it they use is declared here (module scope: nothing leaks).
interface PageElement {
  namespaceURI: string | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  closest(selector: string): PageElement | null;
  getBoundingClientRect(): { width: number };
}
declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getElementById(id: string): PageElement | null;
};

const REPORTS = path.join(GRADER_ROOT, 'reports');
const FIXTURES: GradeFixture[] = ['reference-full', 'stubs', 'mixed'];
interface Loaded {
  page: Page;
  url: string;
  requests: string[];
  errors: string[];
  bytes: number;
}

let browser: Browser;
let folder: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-report-browser-'));
  fs.mkdirSync(REPORTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

async function load(name: GradeFixture, javaScriptEnabled: boolean): Promise<Loaded> {
  const result = await realGrade(name);
  const html = renderReport(result);
  const file = path.join(folder, `${name}.html`);
  fs.writeFileSync(file, html);
  fs.copyFileSync(file, path.join(REPORTS, `report-${name}.html`));
  const url = pathToFileURL(file).href;
  const { page, requests, errors } = await openRecorded(browser, url, javaScriptEnabled);
  return { page, url, requests, errors, bytes: Buffer.byteLength(html) };
}

for (const name of FIXTURES) {
  describe(`the report of the ${name} grade in Chromium`, () => {
    it('loads nothing but itself, logs no error, has every section, MathML and titled charts', async () => {
      const result = await realGrade(name);
      const { page, url, requests, errors, bytes } = await load(name, true);
      try {
        expect(requests).toEqual([url]);
        expect(errors).toEqual([]);
        expect(bytes).toBeLessThan(2_000_000);
        expect(await page.locator('script').count()).toBe(0);
        for (const ex of result.exercises) {
          const section = page.locator(`section#exercise-${ex.id}`);
          await expect.poll(() => section.count()).toBe(1);
          expect(await section.locator('h2').innerText()).toContain(`${ex.score} / ${ex.maxScore}`);
        }
        expect(await page.locator('main').count()).toBe(1);
        expect(await page.locator('h1').count()).toBe(1);
        // MathML is parsed as MathML (not unknown HTML) and laid out with a size.
        const math = await page.evaluate(() => {
          const all = Array.from(document.querySelectorAll('math'));
          return {
            count: all.length,
            mathml: all.every((m) => m.namespaceURI === 'http://www.w3.org/1998/Math/MathML'),
            sized: all.every((m) => m.getBoundingClientRect().width > 0),
          };
        });
        expect(math.count).toBeGreaterThan(0);
        expect(math.mathml).toBe(true);
        expect(math.sized).toBe(true);
        // Every chart is an image with a title and a description that its aria-labelledby points to.
        const charts = await page.evaluate(() =>
          Array.from(document.querySelectorAll('svg.chart')).map((svg) => {
            const ids = (svg.getAttribute('aria-labelledby') ?? '').split(' ');
            return {
              role: svg.getAttribute('role'),
              title: svg.querySelector(':scope > title')?.textContent ?? '',
              desc: svg.querySelector(':scope > desc')?.textContent ?? '',
              labelled: ids.length === 2 && ids.every((id) => document.getElementById(id)?.closest('svg') === svg),
            };
          }),
        );
        for (const chart of charts) {
          expect(chart.role).toBe('img');
          expect(chart.title.length).toBeGreaterThan(0);
          expect(chart.desc.length).toBeGreaterThan(0);
          expect(chart.labelled).toBe(true);
        }
        if (result.copyTask) expect(charts.map((c) => c.title)).toContain('Copy task: training loss per step');
        // Every in-page link lands on an element.
        const broken = await page.evaluate(() =>
          Array.from(document.querySelectorAll('a[href^="#"]'))
            .map((a) => a.getAttribute('href')!.slice(1))
            .filter((id) => !document.getElementById(id)),
        );
        expect(broken).toEqual([]);
        await page.screenshot({ path: path.join(REPORTS, `screenshot-${name}.png`), fullPage: true });
      } finally {
        await page.context().close();
      }
    });
  });
}

describe('the mixed submission report', () => {
  it('shows the counterexample, the named mistake, heatmaps and "start here" without JavaScript', async () => {
    const result = await realGrade('mixed');
    const affine = result.exercises.find((e) => e.id === 'affine')!;
    const failing = affine.checks.find((c) => c.counterexample && c.diagnosis?.named.length && c.gradients)!;
    const { page, errors } = await load('mixed', false);
    try {
      expect(errors).toEqual([]);
      const check = page.locator(`#check-affine-${failing.id.replace(/[^A-Za-z0-9_-]/g, '-')}`);
      expect(await check.locator('.counterexample').isVisible()).toBe(true);
      const mistake = check.locator('.mistake');
      expect(await mistake.isVisible()).toBe(true);
      expect(await mistake.innerText()).toContain(`a common mistake: ${failing.diagnosis!.named[0].name}.`);
      expect(await check.locator('svg.heatmap').count()).toBe(failing.gradients!.length);
      expect(await check.locator('svg.heatmap').first().isVisible()).toBe(true);
      const start = page.locator('#start-here a');
      expect(await start.getAttribute('href')).toBe('#exercise-affine');
      expect(await start.isVisible()).toBe(true);
      expect(await page.locator('#exercise-forget-gate .fix-first').innerText()).toContain('first.');
    } finally {
      await page.context().close();
    }
  });
});
