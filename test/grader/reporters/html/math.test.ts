import { describe, expect, it } from 'vitest';
import { EXERCISE_IDS, exerciseById, type ExerciseId } from '../../../../grader/course';
import { equationsFor } from '../../../../grader/reporters/html/math';

const equationSources = (id: ExerciseId) => exerciseById(id).equations;

describe('equationsFor', () => {
  it('gives every exercise forward and backward equations as MathML (no KaTeX error, no HTML fallback)', () => {
    for (const id of EXERCISE_IDS) {
      const { forward, backward } = equationsFor(id);
      expect(forward.length, id).toBeGreaterThan(0);
      expect(backward.length, id).toBeGreaterThan(0);
      for (const e of [...forward, ...backward]) {
        expect(e.html).toMatch(/^<span class="katex"><math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML" display="block">/);
        expect(e.html).not.toContain('katex-error');
        expect(e.html).not.toContain('katex-html');
        expect(e.caption.length).toBeGreaterThan(0);
      }
    }
  });

  it('shows the lecture equation of each gate and the sigmoid derivative in its backward pass', () => {
    expect(equationSources('forget-gate').forward[0].tex).toContain('f_t = \\sigma');
    expect(equationSources('forget-gate').backward[0].tex).toContain('f_t \\odot (1 - f_t)');
    expect(equationSources('candidate').backward[0].tex).toContain('(1 - \\tilde{C}_t^{2})');
    expect(equationSources('cell-state').forward[0].tex).toBe('C_t = f_t \\odot C_{t-1} + i_t \\odot \\tilde{C}_t');
    expect(equationSources('output-gate').forward.map((e) => e.tex)).toContain('h_t = o_t \\odot \\tanh(C_t)');
  });

  it('rejects an unknown id, naming the function and the argument', () => {
    expect(() => equationsFor('lstm' as ExerciseId)).toThrow(/^equationsFor: argument id must be an exercise id, got "lstm"$/);
  });
});
