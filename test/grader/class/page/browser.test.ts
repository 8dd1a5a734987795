/** The class page of the fixture class in headless Chromium; a screenshot lands in reports/. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeClassOutputs } from '../../../../grader/class/outputs';
import { CHROMIUM_ARGS, chromiumPath } from '../../../helpers/chromium';
import { writeFixtureClass } from '../fixtures';
import { removeTempDirs, tempDir } from '../helpers';
import { checkClassPage, REPORTS } from './check-page';

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

describe('class.html in Chromium', () => {
  const dir = tempDir('browser');
  writeFixtureClass(dir);
  for (const student of ['ada', 'alan', 'grace', 'stubby'])
    fs.writeFileSync(path.join(dir, student, 'index.html'), '<!DOCTYPE html><title>report</title>');
  writeClassOutputs(dir);

  it('loads nothing but itself, logs no error, and its charts and links work', async () => {
    fs.mkdirSync(REPORTS, { recursive: true });
    const { page, charts, close } = await checkClassPage(browser, dir, true, 'screenshot-class-page.png');
    try {
      expect(charts.map((c) => c.title)).toEqual([
        'Score distribution',
        'Outcome per exercise',
        'Copy task: held-out accuracy per student',
      ]);
      expect(await page.locator('#similar .group').count()).toBe(1);
    } finally {
      await close();
    }
  });

  it('shows the reason of an ungraded submission as text, also without JavaScript', async () => {
    const { page, close } = await checkClassPage(browser, dir, false);
    try {
      const row = page.locator('#ungraded tbody tr', { hasText: 'eve' });
      expect(await row.innerText()).toContain('<script>alert(1)</script>');
      expect(await page.locator('#reteach tbody tr').first().innerText()).toMatch(/sigmoid derivative.*2\s+alan, grace/s);
    } finally {
      await close();
    }
  });
});
