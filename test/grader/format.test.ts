/**
 * How every output writes numbers, points and statuses: six significant digits, more when two
 * different numbers would print alike, the error against the tolerance in words, and the glyphs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  counterexampleHeading,
  describeError,
  formatDistinct,
  formatNumber,
  formatPercent,
  formatPoints,
  formatScore,
  STATUS_TEXT,
} from '../../grader/format';

const TOL = { atol: 1e-9, rtol: 1e-7 };

describe('formatNumber', () => {
  it('writes up to six significant digits, in exponent form for very small or large magnitudes', () => {
    expect([0.123456789, -2.5, 100, 0.0001, 999999.4].map(formatNumber)).toEqual(['0.123457', '-2.5', '100', '0.0001', '999999']);
    expect([1e-5, 0.000012345678, 1234567, -3e20].map(formatNumber)).toEqual(['1e-5', '1.23457e-5', '1.23457e+6', '-3e+20']);
    expect([0, -0, Number.NaN, Infinity, -Infinity].map(formatNumber)).toEqual(['0', '0', 'NaN', 'Infinity', '-Infinity']);
  });
});

describe('formatDistinct', () => {
  it('adds digits until two numbers that print alike at six digits differ', () => {
    expect(formatDistinct(0.5000003, 0.5)).toEqual(['0.5000003', '0.5']);
    expect(formatDistinct(1.23456789, 1.23456781)).toEqual(['1.2345679', '1.2345678']);
    expect(formatDistinct(0.1 + 0.2, 0.3)).toEqual(['0.30000000000000004', '0.3']);
    expect(formatDistinct(1.0000001e-7, 1e-7)).toEqual(['1.0000001e-7', '1e-7']);
  });

  it('keeps six digits for numbers that already differ there, and for equal or non-finite ones', () => {
    expect(formatDistinct(0.25, 0.5)).toEqual(['0.25', '0.5']);
    expect(formatDistinct(0.123456789, 0.123456789)).toEqual(['0.123457', '0.123457']);
    expect(formatDistinct(Number.NaN, 0.5)).toEqual(['NaN', '0.5']);
    expect(formatDistinct(Infinity, 1e308)).toEqual(['Infinity', '1e+308']);
  });

  it('never prints two different finite numbers alike', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        fc.pre(a !== b);
        const [x, y] = formatDistinct(a, b);
        expect(x).not.toBe(y);
      }),
      { seed: 7, numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 10, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (a, ulps) => {
        let b = a;
        for (let k = 0; k < ulps; k++) b = b + Number.EPSILON * Math.abs(b);
        fc.pre(a !== b);
        const [x, y] = formatDistinct(a, b);
        expect(x).not.toBe(y);
      }),
      { seed: 8, numRuns: 500 },
    );
  });
});

describe('describeError', () => {
  it('states the difference, the relative error in percent, and the allowed terms', () => {
    expect(describeError(1.2, 1, TOL)).toBe('difference 0.2, 17% relative; allowed 1e-9 + 1e-7·|value|');
    expect(describeError(-1, 1, { atol: 1e-6, rtol: 1e-5 })).toBe('difference 2, 200% relative; allowed 1e-6 + 1e-5·|value|');
    expect(describeError(1.004, 1, TOL)).toBe('difference 0.004, 0.4% relative; allowed 1e-9 + 1e-7·|value|');
  });

  it('writes a tiny relative error in exponent form', () => {
    expect(describeError(1.0000003, 1, TOL)).toBe('difference 3e-7, 3.0e-7 relative; allowed 1e-9 + 1e-7·|value|');
  });

  it('leaves the relative error out when there is no scale or the difference is not finite', () => {
    expect(describeError(0, 0, TOL)).toBe('difference 0; allowed 1e-9 + 1e-7·|value|');
    expect(describeError(Number.NaN, 1, TOL)).toBe('difference NaN; allowed 1e-9 + 1e-7·|value|');
    expect(describeError(Infinity, 1, TOL)).toBe('difference Infinity; allowed 1e-9 + 1e-7·|value|');
  });
});

describe('points and percentages', () => {
  it('write points without trailing zeros, to two decimals', () => {
    expect([2, 1.5, 1 / 3, 2 / 3, 0, 10.005].map(formatScore)).toEqual(['2', '1.5', '0.33', '0.67', '0', '10.01']);
    expect(formatPoints(1.5, 2)).toBe('1.5 / 2');
    expect(formatPoints(22 / 3, 22)).toBe('7.33 / 22');
  });

  it('write a fraction as a percentage with the given digits', () => {
    expect(formatPercent(0.25)).toBe('25%');
    expect(formatPercent(0.1234, 1)).toBe('12.3%');
    expect(formatPercent(1)).toBe('100%');
  });
});

describe('STATUS_TEXT', () => {
  it('gives each status its words, its glyph and its emoji', () => {
    expect(STATUS_TEXT).toEqual({
      passed: { label: 'passed', glyph: '✔', emoji: '✅' },
      failed: { label: 'failed', glyph: '✘', emoji: '❌' },
      'not-attempted': { label: 'not attempted', glyph: '○', emoji: '⬜' },
      error: { label: 'error', glyph: '!', emoji: '💥' },
    });
  });
});

describe('counterexampleHeading', () => {
  it('calls a shrunk case the smallest, and a case shown as found what it is', () => {
    expect(counterexampleHeading({})).toBe('Smallest failing case');
    expect(counterexampleHeading(undefined)).toBe('Smallest failing case');
    expect(counterexampleHeading({ shrunk: false })).toBe('Failing case as found (not shrunk: fix the exercise it calls first)');
  });
});
