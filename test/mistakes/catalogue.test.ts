import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_EXERCISES, exerciseInfo } from '../../grader/exercises';
import { MISTAKES, applyPatch, mistakeById, type Mistake } from '../../grader/mistakes/catalogue';

const solutionSource = (m: Mistake) =>
  fs.readFileSync(path.join(__dirname, '..', '..', 'solutions', exerciseInfo(m.exercise).file), 'utf8');

describe('mistake catalogue', () => {
  it('holds at least 24 mistakes with unique kebab-case ids', () => {
    expect(MISTAKES.length).toBeGreaterThanOrEqual(24);
    const ids = MISTAKES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('keeps the mistakes the course promises to recognise (DESIGN.md section 4 and the grader issue)', () => {
    const required = [
      'sigmoid-derivative-as-sigmoid', 'tanh-derivative-one-minus-tanh', 'sigmoid-backward-treats-s-as-z',
      'sigmoid-naive-overflow', 'tanh-naive-exponentials', 'affine-x-before-h', 'affine-missing-bias', 'affine-db-zeros',
      'affine-backward-split-wrong', 'forget-gate-backward-skips-sigmoid', 'forget-gate-tanh', 'output-gate-tanh',
      'candidate-sigmoid', 'candidate-backward-sigmoid-derivative', 'cell-state-dcprev-missing-forget',
      'cell-state-df-di-swapped', 'hidden-state-without-tanh', 'hidden-state-backward-missing-tanh-derivative',
      'lstm-cell-drops-dc-through-h', 'lstm-cell-dhprev-one-gate', 'lstm-cell-ignores-upstream-dc',
      'bptt-grads-overwritten', 'bptt-drops-dh-carry', 'bptt-drops-dc-carry', 'bptt-ignores-dclast',
      'sigmoid-backward-changes-ds', 'lstm-forward-changes-h0-c0',
    ];
    const ids = new Set(MISTAKES.map((m) => m.id));
    expect(required.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('has at least two mistakes for every exercise with code', () => {
    for (const info of CODE_EXERCISES) {
      expect(MISTAKES.filter((m) => m.exercise === info.id).length, info.id).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(MISTAKES.map((m) => [m.id, m] as const))('%s: names an export of its exercise and has a name and a hint', (_, m) => {
    expect(Object.keys(exerciseInfo(m.exercise).exports)).toContain(m.fn);
    expect(m.name.length).toBeGreaterThan(10);
    expect(m.name.length).toBeLessThanOrEqual(100);
    expect(m.hint.length).toBeGreaterThan(40);
    // The hint teaches; it must not hand over a line of the buggy or the correct code.
    for (const step of m.patch.filter((p) => p.find.length > 12 && p.replace.length > 12)) {
      expect(m.hint).not.toContain(step.replace.trim());
      expect(m.hint).not.toContain(step.find.trim());
    }
  });

  it.each(MISTAKES.map((m) => [m.id, m] as const))('%s: every find occurs exactly once, in order', (_, m) => {
    let text = solutionSource(m);
    expect(m.patch.length).toBeGreaterThan(0);
    for (const step of m.patch) {
      expect(text.split(step.find).length - 1, JSON.stringify(step.find)).toBe(1);
      expect(step.replace).not.toBe(step.find);
      text = text.replace(step.find, () => step.replace);
    }
    expect(applyPatch(solutionSource(m), m)).toBe(text);
  });

  it('applyPatch names the mistake and the step when a find is missing or repeated', () => {
    const m = mistakeById('affine-missing-bias');
    expect(() => applyPatch('nothing to see', m)).toThrow(/step 0 of mistake affine-missing-bias .* found it 0 times/);
    expect(() => applyPatch('let sum = b[r]; let sum = b[r];', m)).toThrow(/found it 2 times/);
  });

  it('applyPatch inserts replacement text literally, $ included', () => {
    const m: Mistake = { ...mistakeById('affine-missing-bias'), patch: [{ find: 'a', replace: "$&$'" }] };
    expect(applyPatch('xay', m)).toBe("x$&$'y");
  });

  it('mistakeById rejects an unknown id with the argument named', () => {
    expect(() => mistakeById('no-such-mistake')).toThrow(/mistakeById: argument mistakeId "no-such-mistake"/);
  });
});
