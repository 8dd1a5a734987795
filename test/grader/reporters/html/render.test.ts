/**
 * The HTML report of real grades (test/fixtures/grades.ts): one self-contained page, a section
 * per exercise, the failing checks' feedback, everything a student controls escaped, and the
 * compact form when a page would grow too large.
 */
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../../grader/course';
import type { GradeResult } from '../../../../grader/model';
import { renderReport } from '../../../../grader/reporters/html/render';
import { realGrade, TRICKY_MESSAGE, type GradeFixture } from '../../../fixtures/grades';

/** The text between an element's opening tag with this id and the next section. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="exercise" id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  const end = html.indexOf('<section', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

const FIXTURES: GradeFixture[] = ['reference-full', 'stubs', 'mixed'];

describe.each(FIXTURES)('the report of the %s grade', (name) => {
  it('is one self-contained page: no script, no external resource, under 2 MB', async () => {
    const html = renderReport(await realGrade(name));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    // url(#…) points inside the page (an SVG gradient); any other url( would load something.
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|\bsrc=|@import|url\((?!#)/i);
    // The only absolute URLs are XML namespace names, which browsers never fetch.
    const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
    for (const url of urls) expect(['http://www.w3.org/2000/svg', 'http://www.w3.org/1998/Math/MathML']).toContain(url);
    expect(Buffer.byteLength(html)).toBeLessThan(2_000_000);
  });

  it('has one section per exercise with its points, its equations and the total', async () => {
    const result = await realGrade(name);
    const html = renderReport(result);
    for (const ex of result.exercises) {
      const body = section(html, `exercise-${ex.id}`);
      expect(body).toContain(`${ex.score} / ${ex.maxScore}`);
      expect(body).toContain('<math');
    }
    expect(html).toContain(`${result.score} / ${result.maxScore}`);
  });
});

describe('renderReport', () => {
  it('points "start here" at the first exercise that fails, and says fix X first', async () => {
    const html = renderReport(await realGrade('mixed'));
    expect(html).toMatch(/id="start-here"[^>]*>\s*<strong>Start here:<\/strong> <a href="#exercise-affine">/);
    expect(section(html, 'exercise-forget-gate')).toMatch(/Fix <a href="#exercise-affine">The affine map W·\[h, x\] \+ b<\/a> first/);
  });

  it('starts a student who has done nothing at the first exercise', async () => {
    const html = renderReport(await realGrade('stubs'));
    expect(html).toContain('<a href="#exercise-activations">01 Activations: sigmoid and tanh</a>');
    expect(section(html, 'exercise-forget-gate')).toContain('Checks waiting for your code');
    for (const exercise of CODE_EXERCISES) expect(html).toContain(exercise.file);
  });

  it('says everything passes when it does, with the copy-task charts', async () => {
    const html = renderReport(await realGrade('reference-full'));
    expect(html).toContain('Everything passes.');
    const copy = section(html, 'exercise-copy-task');
    for (const id of ['copy-task-loss', 'copy-task-accuracy', 'copy-task-gate-forget', 'copy-task-gate-input']) {
      expect(copy).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
    }
  });

  it('shows a failing check: mistake, hint, counterexample with marked entries, heatmaps, replay, file', async () => {
    const result = await realGrade('mixed');
    const failing = result.exercises
      .find((e) => e.id === 'affine')!
      .checks.find((c) => c.status === 'failed' && c.diagnosis?.named.length && c.gradients)!;
    const named = failing.diagnosis!.named[0];
    const html = renderReport(result);
    const affine = section(html, 'exercise-affine');
    expect(affine).toContain(Handlebars.escapeExpression(`a common mistake: ${named.name}.`));
    expect(affine).toContain(Handlebars.escapeExpression(named.hint));
    for (const g of failing.gradients!.filter((x) => x.ok.includes(false))) {
      expect(affine).toContain(`${g.label} (${g.name}): ${g.ok.filter((v) => !v).length} of ${g.ok.length} entries wrong`);
    }
    expect(affine).toContain(Handlebars.escapeExpression(failing.replay!));
    expect(affine).toContain('02-affine/affine.ts');
    const forward = result.exercises.flatMap((e) => e.checks).find((c) => c.counterexample?.differing?.length);
    if (forward) {
      const body = section(html, `exercise-${forward.exercise}`);
      expect(body.match(/class="differs"/g)?.length).toBeGreaterThanOrEqual(2 * forward.counterexample!.differing!.length);
    }
  });

  it('escapes what the student controls: thrown messages, output, titles', async () => {
    const result: GradeResult = structuredClone(await realGrade('mixed'));
    const html = renderReport(result);
    expect(html).toContain(Handlebars.escapeExpression(TRICKY_MESSAGE));
    expect(html).not.toContain('<b>0.375</b>');
    const forget = result.exercises.find((e) => e.id === 'forget-gate')!;
    forget.output = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    forget.checks[0].title = '</style><script>alert(3)</script>';
    const hostile = renderReport(result);
    expect(hostile).not.toMatch(/<script|<img/i);
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders a partial run (--only) with just the graded exercises', async () => {
    const result: GradeResult = structuredClone(await realGrade('mixed'));
    result.exercises = result.exercises.filter((e) => e.id === 'forget-gate');
    const html = renderReport(result);
    expect(html).toContain('id="exercise-forget-gate"');
    for (const e of CODE_EXERCISES.filter((x) => x.id !== 'forget-gate')) expect(html).not.toContain(`id="exercise-${e.id}"`);
  });

  it('switches to compact detail above its size budget, keeping every section and heatmap', async () => {
    const result = await realGrade('mixed');
    const full = renderReport(result);
    expect(full).not.toContain('This report is in compact form');
    expect(full).toContain('All values of');
    const compact = renderReport(result, { fullDetailBudget: Buffer.byteLength(full) - 1 });
    expect(compact).toContain('This report is in compact form');
    expect(compact).not.toContain('All values of');
    expect(Buffer.byteLength(compact)).toBeLessThan(Buffer.byteLength(full));
    const heatmaps = result.exercises.flatMap((e) => e.checks).reduce((n, c) => n + (c.gradients?.length ?? 0), 0);
    expect(compact.match(/class="chart heatmap"/g)?.length ?? 0).toBe(heatmaps);
    for (const ex of result.exercises) expect(compact).toContain(`id="exercise-${ex.id}"`);
  });

  it('rejects input that is not a GradeResult, naming the function and the argument', async () => {
    const result = await realGrade('reference');
    expect(() => renderReport(null as unknown as GradeResult)).toThrow(
      /^renderReport: argument result must be a GradeResult object, got null$/,
    );
    expect(() => renderReport({ ...result, exercises: undefined } as unknown as GradeResult)).toThrow(
      /renderReport: argument result\.exercises/,
    );
    expect(() => renderReport({ ...result, score: Number.NaN })).toThrow(/renderReport: argument result\.score must be a finite number/);
  });
});
