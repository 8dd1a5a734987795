/** What the class page says about the fixture class, and that student text stays text. */
import { afterAll, describe, expect, it } from 'vitest';
import { writeClassOutputs } from '../../../../grader/class/outputs';
import { buildClassView } from '../../../../grader/class/page/view';
import { scoreBins } from '../../../../grader/class/page/charts';
import { renderClassPage } from '../../../../grader/class/page/render';
import { DEFAULT_SIMILARITY } from '../../../../grader/class/similarity/groups';
import { loadClassData } from '../../../../grader/class/store';
import { writeFixtureClass } from '../fixtures';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

describe('the class page of the fixture class', () => {
  const dir = tempDir('page');
  writeFixtureClass(dir);
  const { page, similarity } = writeClassOutputs(dir);
  const view = buildClassView(loadClassData(dir), similarity, DEFAULT_SIMILARITY);

  it('counts the class and the pass mark', () => {
    expect(view.summary).toMatchObject({ students: 6, graded: 4, ungraded: 2, atPassMark: 1, quick: false, seed: 42 });
  });

  it('names the frequent mistake with both students who made it, and the generic finding with its one student', () => {
    expect(view.mistakes).toEqual([
      expect.objectContaining({
        name: 'sigmoid derivative written as σ instead of σ(1 − σ)',
        count: 2,
        students: [
          { id: 'alan', href: 'alan/index.html' },
          { id: 'grace', href: 'grace/index.html' },
        ],
      }),
    ]);
    expect(view.findings).toEqual([expect.objectContaining({ finding: 'a factor (1 − σ) is missing', count: 1 })]);
    expect(view.failingChecks[0]).toMatchObject({ title: 'backward-gradient title', count: 2 });
  });

  it('gives per-exercise pass rates over the graded students', () => {
    const activations = view.exercises!.rows.find((r) => r.id === 'activations')!;
    expect(activations.counts).toEqual({ passed: 1, failed: 2, error: 0, 'not-attempted': 1 });
    expect(activations.passRate).toBe(25);
  });

  it('shows the copy task, the ungraded submissions and the group of identical submissions', () => {
    expect(view.copyTask).toMatchObject({ graded: 3, trained: 1, passed: 1, notRun: 2, referenceSteps: 470 });
    expect(view.ungraded.map((u) => [u.student, u.status])).toEqual([
      ['-mallory', 'grading-error'],
      ['eve', 'invalid-submission'],
    ]);
    expect(view.similarity.groups).toEqual([
      expect.objectContaining({
        kind: 'identical',
        students: [
          { id: 'alan', href: 'alan/index.html' },
          { id: 'grace', href: 'grace/index.html' },
        ],
      }),
    ]);
  });

  it('escapes student-controlled text and has no script', () => {
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toMatch(/<script\b/);
    expect(page).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('does not depend on when it is rendered', () => {
    expect(renderClassPage(loadClassData(dir), similarity, DEFAULT_SIMILARITY)).toBe(page);
  });
});

describe('scoreBins', () => {
  it('puts 100 % in the last band and counts every score once', () => {
    const bins = scoreBins([0, 9.9, 10, 55, 100, 100]);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(() => scoreBins([120])).toThrow(/scoreBins: argument percents/);
  });
});
