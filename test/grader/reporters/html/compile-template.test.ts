/** A page template: partials registered by file name, compiled once, built-in helpers only. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pageTemplate } from '../../../../grader/reporters/html/compile-template';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lstm-lab-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function templates(name: string, page: string, partials: Record<string, string>): string {
  const root = path.join(dir, name);
  mkdirSync(path.join(root, 'partials'), { recursive: true });
  writeFileSync(path.join(root, 'page.hbs'), page);
  for (const [file, text] of Object.entries(partials)) writeFileSync(path.join(root, 'partials', file), text);
  return root;
}

describe('pageTemplate', () => {
  it('renders the page with its partials, escaping values, and compiles it once', () => {
    const root = templates('ok', '<h1>{{title}}</h1>{{#each rows}}{{> row}}{{/each}}', {
      'row.hbs': '<p>{{this}}</p>',
      'notes.txt': 'ignored',
    });
    const template = pageTemplate(root, 'page.hbs');
    expect(template()({ title: 'a < b', rows: ['x', 'y'] })).toBe('<h1>a &lt; b</h1><p>x</p><p>y</p>');
    expect(template()).toBe(template());
  });

  it('refuses a helper that is not built in', () => {
    const root = templates('helper', '{{shout title}}', {});
    expect(() => pageTemplate(root, 'page.hbs')()({ title: 'x' })).toThrow(/shout/);
  });
});
