/**
 * The plain view the report's templates render: what is shown and what is withheld (the backward
 * equations, per the instructor's reveal setting, with the sentence that says so), the wording of
 * the folded gradients, the statuses with the terminal's glyphs, and where a student starts.
 */
import { describe, expect, it } from 'vitest';
import { STATUS_TEXT } from '../../../../grader/format';
import type { CheckStatus } from '../../../../grader/model';
import { buildView, exerciseAnchor } from '../../../../grader/reporters/html/view';
import { equationsFor } from '../../../../grader/reporters/html/math';
import { checkResult, exerciseResult, gradeResult, gradientComparison } from '../../../helpers/grade-builders';

const matching = (name: string) => gradientComparison({ name, label: name, analytic: [1], numerical: [1], ok: [true] });
const wrong = (name: string) => gradientComparison({ name, label: name, analytic: [1, 2], numerical: [1, 3], ok: [true, false] });

function viewOf(...exercises: Parameters<typeof exerciseResult>[0][]) {
  return buildView(gradeResult({ submission: 'submission/', exercises: exercises.map((e) => exerciseResult(e)) }));
}

describe('buildView: the backward equations', () => {
  it('shows them when the grade says so', () => {
    const [ex] = viewOf({ id: 'forget-gate', showBackwardEquations: true }).exercises;
    expect(ex.equations).toEqual({ ...equationsFor('forget-gate'), backwardWithheld: '' });
    expect(ex.equations.backward.length).toBeGreaterThan(0);
  });

  it('withholds them from an exercise that does not pass yet, saying they come once it passes', () => {
    const [ex] = viewOf({ id: 'forget-gate', status: 'failed', showBackwardEquations: false }).exercises;
    expect(ex.equations.forward).toEqual(equationsFor('forget-gate').forward);
    expect(ex.equations.backward).toEqual([]);
    expect(ex.equations.backwardWithheld).toBe('Deriving them is part of the exercise: they are shown here once the exercise passes.');
  });

  it('withholds them from a passed exercise (reveal setting "never") without promising them', () => {
    const [ex] = viewOf({ id: 'forget-gate', status: 'passed', showBackwardEquations: false }).exercises;
    expect(ex.equations.backward).toEqual([]);
    expect(ex.equations.backwardWithheld).toBe('Deriving them is part of the exercise.');
  });
});

describe('buildView: gradients', () => {
  it('shows the wrong gradients and folds the matching ones under one sentence, singular or plural', () => {
    const check = (gradients: ReturnType<typeof matching>[]) =>
      viewOf({ status: 'failed', checks: [checkResult({ status: 'failed', score: 0, gradients })] }).exercises[0].openChecks[0];
    const one = check([wrong('dhPrev'), matching('dx')]);
    expect(one.gradients.map((g) => [g.name, g.wrong, g.total])).toEqual([['dhPrev', 1, 2]]);
    expect(one.matchingGradients.map((g) => g.name)).toEqual(['dx']);
    expect(one.matchingSummary).toBe('✔ 1 other gradient matches finite differences');
    expect(check([wrong('dW'), matching('db'), matching('dx')]).matchingSummary).toBe('✔ 2 other gradients match finite differences');
    expect(check([wrong('dW')]).matchingSummary).toBe('✔ 0 other gradients match finite differences');
  });
});

describe('buildView: statuses', () => {
  it('gives every exercise and check its label and the glyph the terminal uses', () => {
    const statuses: CheckStatus[] = ['passed', 'failed', 'not-attempted', 'error'];
    const view = viewOf(...statuses.map((status) => ({ status, checks: [checkResult({ status })] })));
    view.exercises.forEach((ex, k) => {
      const text = STATUS_TEXT[statuses[k]];
      expect([ex.status, ex.statusLabel, ex.statusIcon]).toEqual([statuses[k], text.label, text.glyph]);
      const [check] = [...ex.passedChecks, ...ex.openChecks, ...ex.waitingChecks];
      expect([check.statusLabel, check.statusIcon]).toEqual([text.label, text.glyph]);
    });
    expect(view.exercises.map((e) => e.statusIcon)).toEqual(['✔', '✘', '○', '!']);
  });

  it('sorts checks into passed, open (failed or crashed) and waiting (not attempted), with the reason once', () => {
    const [ex] = viewOf({
      status: 'failed',
      checks: [
        checkResult({ id: 'a', status: 'passed' }),
        checkResult({ id: 'b', status: 'failed', score: 0 }),
        checkResult({ id: 'c', status: 'error', score: 0 }),
        checkResult({ id: 'd', status: 'not-attempted', score: 0, message: 'Not attempted yet: write affineBackward.' }),
      ],
    }).exercises;
    expect([ex.passedChecks, ex.openChecks, ex.waitingChecks].map((list) => list.map((c) => c.id))).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(ex.waitingMessage).toBe('Not attempted yet: write affineBackward.');
  });
});

describe('buildView: the page', () => {
  it('starts a student at the first exercise that does not pass, names what to fix first and where the file is', () => {
    const view = viewOf(
      { id: 'activations', title: 'Activations', file: '01-activations/activations.ts' },
      { id: 'affine', status: 'failed', summary: 'affine is wrong', checks: [checkResult({ status: 'failed', score: 0 })] },
      {
        id: 'forget-gate',
        title: 'Forget gate',
        status: 'failed',
        fixFirst: 'affine',
        file: '03-forget-gate/forget-gate.ts',
        checks: [checkResult({ status: 'failed', score: 0 })],
      },
    );
    expect(view.allPassed).toBe(false);
    expect(view.startHere).toEqual({
      number: '02',
      title: 'The affine map W·[h, x] + b',
      anchor: exerciseAnchor('affine'),
      summary: 'affine is wrong',
    });
    expect(view.exercises[2].fixFirst).toEqual({ title: 'The affine map W·[h, x] + b', anchor: 'exercise-affine' });
    expect(view.exercises[2].file).toBe('submission/03-forget-gate/forget-gate.ts');
    expect(view.exercises.map((e) => e.number)).toEqual(['01', '02', '03']);
  });

  it('states the points, the percentage and the pass mark', () => {
    const view = buildView(gradeResult({ score: 1.5, maxScore: 2, passMark: 2, passed: false }));
    expect([view.title, view.points, view.percent, view.passMark, view.atPassMark]).toEqual([
      'lstm-lab feedback: 1.5 / 2 points',
      '1.5 / 2',
      75,
      '2',
      false,
    ]);
    expect(view.startHere).toBeNull();
    expect(view.allPassed).toBe(true);
  });

  it('heads a shrunk case as the smallest and a case shown as found (downstream of a failing exercise) as such', () => {
    const counterexample = { inputs: { z: [0] }, expected: [0.5], actual: [0.6] };
    const property = { seed: 1, path: '0', numRuns: 1, numShrinks: 0 };
    const checks = [
      checkResult({ id: 'sigmoid.forward', fn: 'sigmoid', status: 'failed', score: 0, counterexample, property }),
      checkResult({ id: 'tanh.forward', fn: 'tanh', status: 'failed', score: 0, counterexample, property: { ...property, shrunk: false } }),
    ];
    const result = gradeResult({ exercises: [exerciseResult({ id: 'activations', status: 'failed', checks })] });
    const [shrunk, asFound] = buildView(result, 'full').exercises[0].openChecks;
    expect(shrunk.counterexampleHeading).toBe('Smallest failing case');
    expect(shrunk.property).toBe('fast-check seed 1, path 0, 1 runs, shrunk 0 times');
    expect(asFound.counterexampleHeading).toBe('Failing case as found (not shrunk: fix the exercise it calls first)');
    expect(asFound.property).toBe('fast-check seed 1, path 0, 1 runs, not shrunk');
  });

  it('leaves out all but the first counterexample of a function in the compact form, and says so', () => {
    const counterexample = { inputs: { z: [0] }, expected: [0.5], actual: [0.6] };
    const checks = [
      checkResult({ id: 'sigmoid.forward', fn: 'sigmoid', status: 'failed', score: 0, counterexample }),
      checkResult({ id: 'sigmoid.forward-extreme', fn: 'sigmoid', status: 'failed', score: 0, counterexample }),
    ];
    const result = gradeResult({ exercises: [exerciseResult({ id: 'activations', status: 'failed', checks })] });
    const compact = buildView(result, 'compact').exercises[0].openChecks;
    expect(compact.map((c) => [c.counterexample !== null, c.counterexampleLeftOut])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(buildView(result, 'full').exercises[0].openChecks.map((c) => c.counterexampleLeftOut)).toEqual([false, false]);
  });
});
