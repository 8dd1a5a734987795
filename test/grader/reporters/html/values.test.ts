import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../../grader/format';
import { valueHtml } from '../../../../grader/reporters/html/values';

const marked = (html: string) => [...html.matchAll(/class="differs" title="([^"]*?) &#x3D;/g)].map((m) => m[1]);

describe('valueHtml', () => {
  it('marks matrix entries named the way the grader names them (dW.data[k]) and as dW[r][c]', () => {
    const value = { dW: { rows: 2, cols: 3, data: [1, 2, 3, 4, 5, 6] }, db: [1, 2] };
    expect(marked(valueHtml(value, ['dW.data[4]', 'db[1]']))).toEqual(['dW[1][1]', 'db[1]']);
    expect(marked(valueHtml(value, ['dW[0][2]']))).toEqual(['dW[0][2]']);
  });

  it('marks entries of a top-level vector ([i] or a named f[i]) and a top-level number ((value))', () => {
    expect(marked(valueHtml([0.5, 0.25, 0.125], ['[2]']))).toEqual(['[2]']);
    expect(marked(valueHtml([0.5, 0.25], ['f[0]']))).toEqual(['[0]']);
    expect(valueHtml(0.5, ['(value)'])).toContain('<mark>0.5</mark>');
  });

  it('shows non-finite numbers (strings from toPlain) as numbers and nested objects as labelled groups', () => {
    const html = valueHtml(
      {
        grads: { forget: { db: ['NaN', 1] } },
        xs: [
          [1, 2],
          [3, 4],
        ],
      },
      ['grads.forget.db[0]', 'xs[1][0]'],
    );
    expect(marked(html)).toEqual(['grads.forget.db[0]', 'xs[1][0]']);
    expect(html).toContain('<dt>forget</dt>');
  });

  it('escapes strings', () => {
    expect(valueHtml('<b>x</b>')).toBe('<code>&lt;b&gt;x&lt;/b&gt;</code>');
  });
});

describe('formatNumber', () => {
  it('keeps six significant digits and uses exponents for tiny and huge magnitudes', () => {
    expect(formatNumber(0.1234567)).toBe('0.123457');
    expect(formatNumber(-2.5)).toBe('-2.5');
    expect(formatNumber(1.5e-9)).toBe('1.5e-9');
    expect(formatNumber(3e12)).toBe('3e+12');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(0)).toBe('0');
  });
});
