/**
 * Small helpers for writing SVG and HTML as strings at report time. Text always goes through
 * Handlebars' escaper, the same one the templates use, so student-controlled strings cannot
 * inject markup.
 */
import { color } from 'd3-color';
import Handlebars from 'handlebars';

export const escapeText = (text: string | number): string => Handlebars.escapeExpression(String(text));

/** Attributes in the given order; undefined values are left out. */
export function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeText(v as string | number)}"`)
    .join('');
}

/** Pixel coordinates to two decimals: enough for the eye, keeps the file small. */
export const px = (value: number): string => (Math.round(value * 100) / 100).toString();

/**
 * The opening of an accessible chart: role="img" with a <title> and <desc> that screen readers
 * announce and browsers show on hover.
 */
export function svgOpen(id: string, width: number, height: number, title: string, description: string, className: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${escapeText(className)}" role="img"` +
    ` viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}"` +
    ` aria-labelledby="${escapeText(id)}-title ${escapeText(id)}-desc">` +
    `<title id="${escapeText(id)}-title">${escapeText(title)}</title>` +
    `<desc id="${escapeText(id)}-desc">${escapeText(description)}</desc>`
  );
}

/** Fails with a message naming the function and the argument. */
export function requireArgument(condition: boolean, fn: string, argument: string, expectation: string): void {
  if (!condition) throw new TypeError(`${fn}: argument ${argument} ${expectation}`);
}

/** A CSS colour as #rrggbb (d3's colour scales give "rgb(r, g, b)", twice as long per cell). */
export function hexColour(css: string): string {
  return color(css)?.formatHex() ?? css;
}
