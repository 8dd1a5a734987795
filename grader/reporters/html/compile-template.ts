/**
 * A page template compiled once per process: `DIR/PAGE` with every `DIR/partials/*.hbs` registered
 * under its file name (the student report and the class page).
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

export function pageTemplate(templatesDir: string, pageFile: string): () => Handlebars.TemplateDelegate {
  let compiled: Handlebars.TemplateDelegate | undefined;
  return () => {
    if (compiled) return compiled;
    const hbs = Handlebars.create();
    const partials = path.join(templatesDir, 'partials');
    for (const file of fs.readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partials, file), 'utf8'));
    }
    compiled = hbs.compile(fs.readFileSync(path.join(templatesDir, pageFile), 'utf8'), {
      // The view is plain data built by trusted code: no helpers beyond the built-in ones, no prototype access.
      knownHelpersOnly: true,
      knownHelpers: { if: true, unless: true, each: true },
    });
    return compiled;
  };
}
