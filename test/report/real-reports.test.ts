/**
 * Reports of real gradings, not fixtures: the reference (copy task included), the untouched stubs
 * and a submission with a known mistake are graded, rendered and opened in headless Chromium.
 * The trees graded here are our own (reference, stubs, patched reference), so they run in-process.
 * Screenshots land in reports/screenshot-real-<name>.png for people to look at.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../grader/config';
import { CODE_EXERCISES } from '../../grader/exercises';
import { grade } from '../../grader/grade';
import { mistakeById } from '../../grader/mistakes/catalogue';
import { recogniseMistake } from '../../grader/mistakes/recognise';
import { buildMistakeSubmission } from '../../grader/mistakes/variants';
import type { GradeResult } from '../../grader/model';
import { renderReport } from '../../grader/report/render';
import { createDirectRunner } from '../../grader/sandbox/direct-runner';
import { copyTaskRunner } from '../../grader/wiring';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

const ROOT = path.resolve(__dirname, '..', '..');
const REPORTS = path.join(ROOT, 'reports');
const MISTAKE = 'sigmoid-derivative-as-sigmoid';
const config = loadConfig();
let browser: Browser;
let folder: string;

async function gradeTree(dir: string, quick: boolean): Promise<GradeResult> {
  const runner = createDirectRunner(dir);
  try {
    return await grade({
      submissionDir: dir,
      submissionLabel: path.relative(ROOT, dir) || dir,
      config,
      runner,
      seed: config.seed,
      quick,
      replayCommand: (exercise, checkId, p) => `npm run grade -- --only ${exercise} --seed ${config.seed} --replay ${checkId}@${p}`,
      recognise: recogniseMistake,
      copyTask: copyTaskRunner(config),
    });
  } finally {
    await runner.close();
  }
}

async function open(name: string, result: GradeResult) {
  const file = path.join(folder, `${name}.html`);
  fs.writeFileSync(file, renderReport(result));
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  expect(requests).toEqual([url]);
  expect(errors).toEqual([]);
  for (const exercise of result.exercises) {
    expect(await page.locator(`section#exercise-${exercise.id}`).count(), exercise.id).toBe(1);
  }
  await page.screenshot({ path: path.join(REPORTS, `screenshot-real-${name}.png`), fullPage: true });
  return page;
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-report-real-'));
  fs.mkdirSync(REPORTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

describe('reports of real gradings in Chromium', () => {
  it('the reference: full marks and the copy-task charts', async () => {
    const result = await gradeTree(path.join(ROOT, 'solutions'), false);
    expect(result.score).toBe(result.maxScore);
    const page = await open('reference', result);
    expect(await page.locator('section#exercise-copy-task svg.chart').count()).toBeGreaterThan(0);
    expect(await page.locator('body').innerText()).toContain(`${result.score} / ${result.maxScore}`);
    await page.context().close();
  });

  it('the stubs: every exercise not attempted, pointing at its file', async () => {
    const result = await gradeTree(path.join(ROOT, 'exercises'), true);
    expect(result.score).toBe(0);
    const page = await open('stubs', result);
    const text = await page.locator('body').innerText();
    for (const exercise of CODE_EXERCISES) expect(text).toContain(exercise.file);
    await page.context().close();
  });

  it('a known mistake: counterexample, named mistake and heatmaps visible', async () => {
    const dir = await buildMistakeSubmission(MISTAKE);
    const result = await gradeTree(dir, true);
    const activations = result.exercises.find((e) => e.id === 'activations')!;
    const failing = activations.checks.find((c) => c.id === 'sigmoidBackward.backward-gradient')!;
    expect(failing.status).toBe('failed');
    expect(failing.mistake?.id).toBe(MISTAKE);
    const page = await open('mistake', result);
    const check = page.locator(`#check-activations-${failing.id.replace(/[^A-Za-z0-9_-]/g, '-')}`);
    expect(await check.locator('.counterexample').isVisible()).toBe(true);
    expect(await check.locator('.mistake').innerText()).toContain(mistakeById(MISTAKE)!.name);
    expect(await check.locator('svg.heatmap').count()).toBeGreaterThan(0);
    expect(await page.locator('#start-here a').getAttribute('href')).toBe('#exercise-activations');
    await page.context().close();
  });
});
