/**
 * DIR/class.html: the instructor's page, one self-contained file (no script, nothing loaded),
 * rendered with Handlebars from ./templates and the view of ./view.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { SimilarityReport, SimilaritySettings } from '../similarity/groups';
import type { ClassData } from '../store';
import { buildClassView } from './view';

const TEMPLATES = path.join(__dirname, 'templates');

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  if (compiled) return compiled;
  const hbs = Handlebars.create();
  const partials = path.join(TEMPLATES, 'partials');
  for (const file of fs.readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partials, file), 'utf8'));
  }
  compiled = hbs.compile(fs.readFileSync(path.join(TEMPLATES, 'class.hbs'), 'utf8'), {
    // The view is plain data built by trusted code: no helpers beyond the built-in ones.
    knownHelpersOnly: true,
    knownHelpers: { if: true, unless: true, each: true },
  });
  return compiled;
}

export function renderClassPage(data: ClassData, similarity: SimilarityReport, settings: SimilaritySettings): string {
  if (typeof data !== 'object' || data === null || !Array.isArray(data.students)) {
    throw new TypeError('renderClassPage: argument data must be the ClassData of a class folder');
  }
  return template()(buildClassView(data, similarity, settings));
}
