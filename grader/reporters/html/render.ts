/**
 * The HTML feedback report: GradeResult → one self-contained page (DESIGN.md section 7).
 * Handlebars templates in ./templates (partials in ./templates/partials) render the view built
 * by ./view; charts and equations are already SVG and MathML by then, so the page has no script
 * and loads nothing.
 */
import path from 'node:path';
import type { GradeResult } from '../../model';
import { pageTemplate } from './compile-template';
import { buildView } from './view';

const TEMPLATES = path.join(__dirname, 'templates');

/**
 * Above this size the page is rendered again in compact detail (view.ts, Detail), so that even a
 * submission failing every check at the largest shapes stays well under 2 MB (docs/report.md).
 */
export const FULL_DETAIL_BUDGET = 1_500_000;

const template = pageTemplate(TEMPLATES, 'report.hbs');

export interface RenderOptions {
  /** Bytes above which the page is rendered again in compact detail (default FULL_DETAIL_BUDGET). */
  fullDetailBudget?: number;
}

export function renderReport(result: GradeResult, options: RenderOptions = {}): string {
  if (typeof result !== 'object' || result === null) {
    throw new TypeError(`renderReport: argument result must be a GradeResult object, got ${result === null ? 'null' : typeof result}`);
  }
  if (!Array.isArray(result.exercises)) {
    throw new TypeError('renderReport: argument result.exercises must be an array of ExerciseResult');
  }
  for (const field of ['score', 'maxScore', 'passMark', 'durationMs', 'seed'] as const) {
    if (typeof result[field] !== 'number' || !Number.isFinite(result[field])) {
      throw new TypeError(`renderReport: argument result.${field} must be a finite number, got ${String(result[field])}`);
    }
  }
  const full = template()(buildView(result, 'full'));
  if (Buffer.byteLength(full) <= (options.fullDetailBudget ?? FULL_DETAIL_BUDGET)) return full;
  return template()(buildView(result, 'compact'));
}
