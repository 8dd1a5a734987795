/**
 * sanitizeText: student text reaches no terminal, log or file with a control character, escape
 * sequence or lone surrogate in it, and the scan is linear whatever the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeStrings, sanitizeText } from '../../grader/sanitize';

/** Anything a terminal could act on, or a strict JSON parser reject, once the text is printed. */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('sanitizeText', () => {
  it('removes terminal escape sequences whole: erase line, clear screen, colours, title, hyperlinks, clipboard, DCS, reset', () => {
    expect(sanitizeText('boom\u001b[2K\r\u2713 cell-state 10/10 passed')).toBe('boom \u2713 cell-state 10/10 passed');
    expect(sanitizeText('\u001b[31mred\u001b[0m \u001b[2J\u001b[H')).toBe('red ');
    expect(sanitizeText('a\u001b]52;c;ZXZpbA==\u0007b')).toBe('ab');
    expect(sanitizeText('a\u001b]0;pwned\u001b\\b')).toBe('ab');
    expect(sanitizeText('\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007')).toBe('click');
    expect(sanitizeText('x\u001bP1$r0m\u001b\\y\u001b_apc\u001b\\z')).toBe('xyz');
    expect(sanitizeText('\u001bc\u001b(B\u001b7ok\u001b8')).toBe('ok');
  });

  it('removes their 8-bit (C1) forms too', () => {
    expect(sanitizeText('\u009b31mred\u009b0m')).toBe('red');
    expect(sanitizeText('a\u009d0;title\u009cb')).toBe('ab');
    expect(sanitizeText('a\u0090data\u009cb')).toBe('ab');
  });

  it('keeps the text of an unterminated string sequence, without its introducer', () => {
    expect(sanitizeText('before \u001b]52;c;abc')).toBe('before 52;c;abc');
  });

  it('shows other control characters as visible symbols, and bidirectional overrides as U+FFFD', () => {
    expect(sanitizeText('bell\u0007 nul\u0000 del\u007f')).toBe('bell\u2407 nul\u2400 del\u2421');
    expect(sanitizeText('abc\u202edcba\u2066x')).toBe('abc\ufffddcba\ufffdx');
    expect(sanitizeText('next\u0085line')).toBe('next\ufffdline');
  });

  it('keeps line breaks and tabs only in multi-line text, and never lets a carriage return rewrite a line', () => {
    expect(sanitizeText('a\r\nb\rc\td\u2028e', { multiline: true })).toBe('a\nb\nc\td\ne');
    expect(sanitizeText('a\r\nb\rc\td\ne')).toBe('a b c d e');
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(sanitizeText('\ud800 x \udfff \ud83d\ude00')).toBe('\ufffd x \ufffd \ud83d\ude00');
    expect(JSON.parse(JSON.stringify(sanitizeText('\udc00\ud800')))).toBe('\ufffd\ufffd');
  });

  it('caps the length, never cutting a surrogate pair, and marks the cut', () => {
    expect(sanitizeText('abcdefghij', { maxLength: 5 })).toBe('abcd…');
    expect(sanitizeText('abc\ud83d\ude00xyz', { maxLength: 5 })).toBe('abc…');
    expect(sanitizeText('ab\u0007cdefgh', { maxLength: 5 })).toBe('ab\u2407c…');
    expect(sanitizeText('abcde', { maxLength: 5 })).toBe('abcde');
    expect(() => sanitizeText('x', { maxLength: 0 })).toThrow(/sanitizeText: option maxLength must be a positive integer/);
  });

  it('returns clean text unchanged and anything else as an empty string', () => {
    const clean = 'cellState threw RangeError: f must have length 2 (06-cell-state/cell-state.ts, line 12).';
    expect(sanitizeText(clean)).toBe(clean);
    expect(sanitizeText(42)).toBe('');
  });

  it('leaves nothing unsafe in any string, and is idempotent', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('\u001b[', '\u001b]', '\u0007', '\u001b\\', '\u009b', '\u009c', '\r', '\n', '\ud800', '\udc00', '\u202e'),
    );
    const text = fc.array(piece, { maxLength: 20 }).map((parts) => parts.join(''));
    const details = fc.check(
      fc.property(text, fc.boolean(), (input, multiline) => {
        const once = sanitizeText(input, { multiline, maxLength: 64 });
        expect(once).not.toMatch(UNSAFE);
        if (!multiline) expect(once).not.toMatch(/[\n\t]/);
        expect(once.length).toBeLessThanOrEqual(64);
        expect(sanitizeText(once, { multiline, maxLength: 64 })).toBe(once);
      }),
      { numRuns: 500, seed: 3 },
    );
    expect(details.failed, String(details.counterexample)).toBe(false);
  });

  it('scans each character a bounded number of times: many unterminated introducers are not rescanned', () => {
    // Each introducer would make a naive scan look for a terminator to the end of the text.
    const introducers = '\u001b]'.repeat(100_000);
    let reads = 0;
    const counting = new Proxy(String.prototype.charCodeAt, {
      apply(target, self, args) {
        reads++;
        return Reflect.apply(target, self, args);
      },
    });
    const original = String.prototype.charCodeAt;
    String.prototype.charCodeAt = counting;
    try {
      expect(sanitizeText(`${introducers}end`)).toBe('end');
    } finally {
      String.prototype.charCodeAt = original;
    }
    expect(reads).toBeLessThan(4 * introducers.length);
  });
});

describe('sanitizeStrings', () => {
  it('cleans every string and key of a grade-like value, keeps line breaks, numbers and structure, and leaves the input alone', () => {
    const input = {
      message: 'line one\n\u001b[2Jline two\r\nthree',
      checks: [{ id: 'a', score: 1.5, passed: true, note: null, actual: ['\ud800x', 2] }],
      ['key\u001b]0;title\u0007']: 'value',
    };
    const copy = structuredClone(input);
    expect(sanitizeStrings(input)).toEqual({
      message: 'line one\nline two\nthree',
      checks: [{ id: 'a', score: 1.5, passed: true, note: null, actual: ['\ufffdx', 2] }],
      key: 'value',
    });
    expect(input).toEqual(copy);
  });
});
