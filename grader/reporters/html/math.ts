/**
 * The course's equations (each course module declares its own, DESIGN.md section 1), rendered
 * once at report time by KaTeX as MathML: browsers draw MathML natively, so the page needs
 * neither script nor fonts from the network.
 */
import katex from 'katex';
import { exerciseById, isExerciseId, type ExerciseId } from '../../course';
import type { Equation } from '../../course/types';

export interface RenderedEquation {
  caption: string;
  /** KaTeX MathML markup, safe to insert as HTML. */
  html: string;
}

export interface RenderedEquations {
  forward: RenderedEquation[];
  backward: RenderedEquation[];
}

const cache = new Map<ExerciseId, RenderedEquations>();

/** The exercise's forward and backward equations as MathML (rendered once per process). */
export function equationsFor(id: ExerciseId): RenderedEquations {
  if (!isExerciseId(id)) throw new RangeError(`equationsFor: argument id must be an exercise id, got ${JSON.stringify(id)}`);
  let rendered = cache.get(id);
  if (!rendered) {
    const render = (e: Equation): RenderedEquation => ({
      caption: e.caption,
      html: katex.renderToString(e.tex, { output: 'mathml', displayMode: true, throwOnError: true }),
    });
    const { equations } = exerciseById(id);
    rendered = { forward: equations.forward.map(render), backward: equations.backward.map(render) };
    cache.set(id, rendered);
  }
  return rendered;
}
