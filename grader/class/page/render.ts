/**
 * DIR/class.html: the instructor's page, one self-contained file (no script, nothing loaded),
 * rendered with Handlebars from ./templates and the view of ./view.ts.
 */
import path from 'node:path';
import { pageTemplate } from '../../reporters/html/compile-template';
import type { SimilarityReport, SimilaritySettings } from '../similarity/groups';
import type { ClassData } from '../store';
import { buildClassView } from './view';

const TEMPLATES = path.join(__dirname, 'templates');

const template = pageTemplate(TEMPLATES, 'class.hbs');

export function renderClassPage(data: ClassData, similarity: SimilarityReport, settings: SimilaritySettings): string {
  if (typeof data !== 'object' || data === null || !Array.isArray(data.students)) {
    throw new TypeError('renderClassPage: argument data must be the ClassData of a class folder');
  }
  return template()(buildClassView(data, similarity, settings));
}
