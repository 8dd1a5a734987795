import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../../grader/exercises';
import type { GradeResult } from '../../grader/model';
import { FULL_DETAIL_BUDGET, renderReport } from '../../grader/report/render';
import { allPassedFixture, buggyFixture, FIXTURES, largestFixture, notAttemptedFixture } from './fixtures';

/** The text between an element's opening tag with this id and the next section. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="exercise" id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  const end = html.indexOf('<section', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

describe('renderReport', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    describe(`fixture ${name}`, () => {
      const result = make();
      const html = renderReport(result);

      it('is one self-contained page: no script, no external resource, under 2 MB', () => {
        expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
        expect(html).not.toMatch(/<script/i);
        // url(#…) points inside the page (an SVG gradient); any other url( would load something.
        expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|\bsrc=|@import|url\((?!#)/i);
        // The only absolute URLs are XML namespace names, which browsers never fetch.
        const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
        for (const url of urls) expect(['http://www.w3.org/2000/svg', 'http://www.w3.org/1998/Math/MathML']).toContain(url);
        expect(Buffer.byteLength(html)).toBeLessThan(2_000_000);
      });

      it('has one section per exercise with its points and the total', () => {
        for (const ex of result.exercises) {
          const body = section(html, `exercise-${ex.id}`);
          expect(body).toContain(`${ex.score} / ${ex.maxScore}`);
          expect(body).toContain('<math');
        }
        expect(html).toContain(`${result.score} / ${result.maxScore}`);
      });
    });
  }

  it('points "start here" at the first exercise that fails, and says fix X first', () => {
    const html = renderReport(buggyFixture());
    expect(html).toMatch(/id="start-here"[^>]*>\s*<strong>Start here:<\/strong> <a href="#exercise-forget-gate">/);
    const cell = section(html, 'exercise-lstm-cell');
    expect(cell).toMatch(/Fix <a href="#exercise-forget-gate">Forget gate<\/a> first/);
  });

  it('starts a student who has done nothing at the first exercise', () => {
    const html = renderReport(notAttemptedFixture());
    expect(html).toContain('<a href="#exercise-activations">01 Activations: sigmoid and tanh</a>');
    expect(section(html, 'exercise-forget-gate')).toContain('Checks waiting for your code');
  });

  it('says everything passes when it does, with the copy-task charts', () => {
    const html = renderReport(allPassedFixture());
    expect(html).toContain('Everything passes.');
    const copy = section(html, 'exercise-copy-task');
    for (const id of ['copy-task-loss', 'copy-task-accuracy', 'copy-task-gate-forget', 'copy-task-gate-input']) {
      expect(copy).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
    }
    expect(copy).toContain('Longer delays (shown, not graded)');
  });

  it('shows the failing check: mistake, hint, counterexample with marked entries, heatmaps, replay, file', () => {
    const result = buggyFixture();
    const failing = result.exercises.find((e) => e.id === 'forget-gate')!.checks.find((c) => c.status === 'failed' && c.counterexample)!;
    const html = renderReport(result);
    const forget = section(html, 'exercise-forget-gate');
    expect(forget).toContain(`Your output matches a common mistake: ${failing.mistake!.name}.`);
    expect(forget).toContain(Handlebars.escapeExpression(failing.mistake!.hint));
    // Every differing entry is marked in the expected and in your answer.
    const differing = failing.counterexample!.differing!;
    expect(differing.length).toBeGreaterThan(0);
    expect(forget.match(/class="differs"/g)?.length).toBe(2 * differing.length);
    for (const g of failing.gradients!) {
      expect(forget).toContain(`${g.label} (${g.name}): ${g.ok.filter((v) => !v).length} of ${g.ok.length} entries wrong`);
    }
    expect(forget).toContain(failing.replay!);
    expect(forget).toContain('exercises/03-forget-gate/forget-gate.ts');
  });

  it('shows wrong gradients first and folds the ones that match finite differences', () => {
    const html = renderReport(buggyFixture());
    const cell = section(html, 'exercise-lstm-cell');
    const folded = cell.indexOf('✓ 4 other gradients match finite differences');
    expect(folded).toBeGreaterThan(0);
    expect(cell.indexOf('dW of the forget gate (grads.forget.dW): 8 of 8 entries wrong')).toBeLessThan(folded);
    expect(cell.indexOf('dW of the input gate (grads.input.dW): 0 of 8 entries wrong')).toBeGreaterThan(folded);
  });

  it('leaves out the answer blocks when a counterexample has only inputs (e.g. a crash)', () => {
    const result = buggyFixture();
    const check = result.exercises.find((e) => e.id === 'forget-gate')!.checks.find((c) => c.counterexample)!;
    check.counterexample = { inputs: { z: [0.5] } };
    const forget = section(renderReport(result), 'exercise-forget-gate');
    expect(forget).toContain('The smallest failing case');
    expect(forget).not.toContain('<h6>Yours</h6>');
  });

  it('escapes everything the student controls', () => {
    const result = buggyFixture();
    const forget = result.exercises.find((e) => e.id === 'forget-gate')!;
    forget.output = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    forget.summary = '<b>bold</b>';
    forget.checks[0].title = '</style><script>alert(3)</script>';
    const html = renderReport(result);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('shows copy-task data in its own section when the result has no copy-task exercise entry', () => {
    const result = allPassedFixture();
    result.exercises = result.exercises.filter((e) => e.id !== 'copy-task');
    const html = renderReport(result);
    expect(section(html, 'exercise-copy-task')).toContain('shown, not graded');
  });

  it('renders a partial run (--only) with just the graded exercises', () => {
    const result = buggyFixture();
    result.exercises = result.exercises.filter((e) => e.id === 'forget-gate');
    delete result.copyTask;
    const html = renderReport(result);
    expect(html).toContain('id="exercise-forget-gate"');
    const others = EXERCISES.filter((e) => e.id !== 'forget-gate').map((e) => `id="exercise-${e.id}"`);
    for (const id of others) expect(html).not.toContain(id);
  });

  it('stays under 2 MB when every check fails at the largest shapes, by switching to compact detail', () => {
    const html = renderReport(largestFixture());
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeGreaterThan(FULL_DETAIL_BUDGET / 2);
    expect(bytes).toBeLessThan(2_000_000);
    expect(html).toContain('This report is in compact form');
    expect(html).not.toContain('All values of');
    // Still one heatmap per gradient and every exercise section.
    const result = largestFixture();
    const heatmaps = result.exercises.flatMap((e) => e.checks).reduce((n, c) => n + (c.gradients?.length ?? 0), 0);
    const gateHeatmaps = result.copyTask?.gates ? 2 : 0;
    expect(html.match(/class="chart heatmap"/g)?.length).toBe(heatmaps + gateHeatmaps);
    for (const ex of result.exercises) expect(html).toContain(`id="exercise-${ex.id}"`);
  });

  it('keeps full detail for an ordinary report', () => {
    const html = renderReport(buggyFixture());
    expect(html).not.toContain('This report is in compact form');
    expect(html).toContain('All values of dW');
  });

  it('rejects input that is not a GradeResult, naming the function and the argument', () => {
    expect(() => renderReport(null as unknown as GradeResult)).toThrow(/^renderReport: argument result must be a GradeResult object, got null$/);
    expect(() => renderReport({ ...buggyFixture(), exercises: undefined } as unknown as GradeResult)).toThrow(/renderReport: argument result\.exercises/);
    expect(() => renderReport({ ...buggyFixture(), score: Number.NaN })).toThrow(/renderReport: argument result\.score must be a finite number/);
  });
});
