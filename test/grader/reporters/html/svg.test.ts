/**
 * The helpers that write the report's SVG and HTML as strings: every text is escaped (a student
 * controls messages, names and printed output), attributes keep their order, charts open with an
 * accessible title and description, and a bad argument is named with its function.
 */
import { describe, expect, it } from 'vitest';
import { attrs, escapeText, hexColour, px, requireArgument, svgOpen } from '../../../../grader/reporters/html/svg';

const HOSTILE = '<script>alert("x")</script> & \'y\' `z`=';
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27; &#x60;z&#x60;&#x3D;';

describe('escapeText', () => {
  it('escapes every character that could start markup or end an attribute', () => {
    expect(escapeText(HOSTILE)).toBe(ESCAPED);
    expect(escapeText(0.5)).toBe('0.5');
    expect(escapeText('dW of the forget gate')).toBe('dW of the forget gate');
  });
});

describe('attrs', () => {
  it('writes the attributes in order, escaped, leaving out the undefined ones', () => {
    expect(attrs({ x: 1.5, fill: '#ffffff', 'stroke-dasharray': undefined, title: HOSTILE })).toBe(
      ` x="1.5" fill="#ffffff" title="${ESCAPED}"`,
    );
    expect(attrs({})).toBe('');
  });
});

describe('px', () => {
  it('rounds to two decimals and drops trailing zeros', () => {
    expect([px(1), px(1.005), px(2.3456), px(-0.001), px(100.1)]).toEqual(['1', '1', '2.35', '0', '100.1']);
  });
});

describe('svgOpen', () => {
  it('opens an accessible chart: role img, labelled by its escaped title and description', () => {
    expect(svgOpen('c1', 100.123, 50, 'Loss <curve>', 'A & B', 'chart line-chart')).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" role="img" viewBox="0 0 100.12 50" width="100.12" height="50"' +
        ' aria-labelledby="c1-title c1-desc"><title id="c1-title">Loss &lt;curve&gt;</title><desc id="c1-desc">A &amp; B</desc>',
    );
  });

  it('escapes a hostile id and class', () => {
    const svg = svgOpen('"><x', 1, 1, '', '', '"><y');
    expect(svg).not.toContain('"><x');
    expect(svg).not.toContain('"><y');
    expect(svg).toContain('aria-labelledby="&quot;&gt;&lt;x-title &quot;&gt;&lt;x-desc"');
    expect(svg).toContain('class="&quot;&gt;&lt;y"');
  });
});

describe('requireArgument', () => {
  it('passes when the condition holds and otherwise throws a TypeError naming the function and the argument', () => {
    expect(() => requireArgument(true, 'heatmap', 'spec.rows', 'must be a positive integer')).not.toThrow();
    expect(() => requireArgument(false, 'heatmap', 'spec.rows', 'must be a positive integer, got 0')).toThrow(
      new TypeError('heatmap: argument spec.rows must be a positive integer, got 0'),
    );
  });
});

describe('hexColour', () => {
  it('writes a CSS colour as #rrggbb and keeps what it cannot read', () => {
    expect(hexColour('rgb(8, 48, 107)')).toBe('#08306b');
    expect(hexColour('steelblue')).toBe('#4682b4');
    expect(hexColour('#abc')).toBe('#aabbcc');
    expect(hexColour('not a colour')).toBe('not a colour');
  });
});
