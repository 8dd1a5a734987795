/**
 * Student text made safe to show anywhere: a terminal, a CI log, an annotation, JUnit, JSON, HTML.
 * Everything a submission can put into a message (what it threw, what it printed, its file names)
 * passes through sanitizeText at the Runner boundary, so nothing downstream sees a control
 * character; the reporters apply it again as a second line of defence.
 *
 * - Terminal escape sequences are removed whole: CSI (`ESC [ … final`, e.g. erase line or clear
 *   screen), OSC (`ESC ] … BEL/ST`: window title, OSC 8 hyperlinks, OSC 52 clipboard writes),
 *   DCS, SOS, PM, APC strings, short escapes (`ESC c` resets the terminal), and their 8-bit C1
 *   forms. A string sequence with no terminator loses only its introducer; the rest stays visible.
 * - Other C0 controls become their visible Unicode pictures (BEL → ␇, ESC → ␛), DEL → ␡, C1
 *   controls and text-reordering marks (bidirectional overrides) → U+FFFD.
 * - A carriage return cannot rewrite a line: in multi-line text `\r\n` and `\r` become `\n`; in
 *   single-line text every line break and tab becomes a space.
 * - Lone UTF-16 surrogates (which strict JSON parsers reject) become U+FFFD.
 * - The result is at most maxLength UTF-16 units, ending in "…" when cut.
 *
 * One pass over the text, no regular expression with backtracking: linear in the input.
 */

export interface SanitizeOptions {
  /** Keep line breaks (`\n`) and tabs; otherwise they become spaces (default false). */
  multiline?: boolean;
  /** Longest result in UTF-16 units, "…" included (default 10 000). */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 10_000;
const ESC = 0x1b;
const BEL = 0x07;
const C1_ST = 0x9c;
const REPLACEMENT = '\ufffd';
const ELLIPSIS = '…';
/** Everything that needs a closer look; text without any of these (and short enough) is returned as is. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const NEEDS_WORK = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/;

/** C1 (8-bit) introducers of string sequences: DCS, SOS, OSC, PM, APC. */
const C1_STRING_INTRODUCERS = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** ESC followed by these starts a string sequence (DCS P, SOS X, OSC ], PM ^, APC _). */
const ESC_STRING_INTRODUCERS = new Set(['P', 'X', ']', '^', '_'].map((c) => c.charCodeAt(0)));
const BIDI_AND_HIDDEN = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

export function sanitizeText(text: unknown, options: SanitizeOptions = {}): string {
  if (typeof text !== 'string') return '';
  const multiline = options.multiline === true;
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`sanitizeText: option maxLength must be a positive integer, got ${String(options.maxLength)}`);
  }
  if (text.length <= maxLength && !NEEDS_WORK.test(text)) return text;
  return new Scanner(text, multiline, maxLength).run();
}

class Scanner {
  private out = '';
  private position = 0;
  /** The last index where a string sequence could end; past it, no terminator exists (no rescans). */
  private readonly lastTerminator: number;

  constructor(
    private readonly text: string,
    private readonly multiline: boolean,
    private readonly maxLength: number,
  ) {
    this.lastTerminator = Math.max(text.lastIndexOf('\u0007'), text.lastIndexOf('\u009c'), text.lastIndexOf('\u001b\\'));
  }

  run(): string {
    const { text } = this;
    let safeStart = 0;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (!needsWork(code)) {
        this.position++;
        continue;
      }
      if (!this.emit(text.slice(safeStart, this.position))) return this.out;
      if (!this.handle(code)) return this.out;
      safeStart = this.position;
    }
    this.emit(text.slice(safeStart, this.position));
    return this.out;
  }

  /** Appends `piece`, or what fits of it and "…"; false once the result is full. */
  private emit(piece: string): boolean {
    if (this.out.length + piece.length <= this.maxLength) {
      this.out += piece;
      return true;
    }
    const combined = this.out + piece;
    let room = this.maxLength - ELLIPSIS.length;
    // Never cut between the halves of a surrogate pair.
    if (room > 0 && isHighSurrogate(combined.charCodeAt(room - 1))) room--;
    this.out = combined.slice(0, room) + ELLIPSIS;
    return false;
  }

  /** Handles the character at `position` (one that needs work) and moves past it. */
  private handle(code: number): boolean {
    const { text } = this;
    const next = this.position + 1 < text.length ? text.charCodeAt(this.position + 1) : -1;
    if (code === ESC) {
      this.skipEscape(next);
      return true;
    }
    if (code === 0x9b) {
      this.skipControlSequence(this.position + 1);
      return true;
    }
    if (C1_STRING_INTRODUCERS.has(code)) {
      this.skipString(this.position + 1, this.position + 1);
      return true;
    }
    this.position++;
    if (code === 0x0d) {
      // `\r\n` is one line break (the `\n` comes next); a lone `\r` becomes one too.
      if (next === 0x0a) return true;
      return this.emit(this.multiline ? '\n' : ' ');
    }
    if (code === 0x0a || code === 0x2028 || code === 0x2029) return this.emit(this.multiline ? '\n' : ' ');
    if (code === 0x09) return this.emit(this.multiline ? '\t' : ' ');
    if (code < 0x20) return this.emit(String.fromCharCode(0x2400 + code));
    if (code === 0x7f) return this.emit('\u2421');
    if (isHighSurrogate(code) && next >= 0xdc00 && next <= 0xdfff) {
      this.position++;
      return this.emit(String.fromCharCode(code, next));
    }
    return this.emit(REPLACEMENT);
  }

  private skipEscape(next: number): void {
    const start = this.position;
    if (next === 0x5b) return this.skipControlSequence(start + 2);
    if (ESC_STRING_INTRODUCERS.has(next)) return this.skipString(start + 2, start + 2);
    // nF, Fp, Fe and Fs escapes: intermediates 0x20–0x2F, then a final byte 0x30–0x7E.
    let at = start + 1;
    while (at < this.text.length && inRange(this.text.charCodeAt(at), 0x20, 0x2f)) at++;
    if (at < this.text.length && inRange(this.text.charCodeAt(at), 0x30, 0x7e)) at++;
    else at = start + 1;
    this.position = at;
  }

  /** CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, a final byte 0x40–0x7E (ECMA-48). */
  private skipControlSequence(from: number): void {
    const { text } = this;
    let at = from;
    while (at < text.length && inRange(text.charCodeAt(at), 0x30, 0x3f)) at++;
    while (at < text.length && inRange(text.charCodeAt(at), 0x20, 0x2f)) at++;
    if (at < text.length && inRange(text.charCodeAt(at), 0x40, 0x7e)) at++;
    this.position = at;
  }

  /** A string sequence up to BEL or ST; unterminated, only its introducer (ending at `bodyStart`) goes. */
  private skipString(bodyStart: number, introducerEnd: number): void {
    const { text } = this;
    if (bodyStart > this.lastTerminator) {
      this.position = introducerEnd;
      return;
    }
    let at = bodyStart;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === BEL || code === C1_ST) {
        this.position = at + 1;
        return;
      }
      if (code === ESC && text.charCodeAt(at + 1) === 0x5c) {
        this.position = at + 2;
        return;
      }
      at++;
    }
  }
}

function needsWork(code: number): boolean {
  return (
    code < 0x20 ||
    inRange(code, 0x7f, 0x9f) ||
    inRange(code, 0xd800, 0xdfff) ||
    code === 0x2028 ||
    code === 0x2029 ||
    BIDI_AND_HIDDEN.has(code)
  );
}

function inRange(code: number, low: number, high: number): boolean {
  return code >= low && code <= high;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Reported text is capped far above any message the grader writes (the Runner boundary cuts student text sooner). */
const REPORTED_MAX_LENGTH = 200_000;

/**
 * A deep copy of `value` with every string and object key passed through sanitizeText (line breaks
 * kept): what the reporters get, so that a student string that reached the grade by a path the
 * Runner boundary did not cover still cannot write a control character anywhere.
 */
export function sanitizeStrings<T>(value: T): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return sanitizeText(v, { multiline: true, maxLength: REPORTED_MAX_LENGTH });
    if (Array.isArray(v)) return v.map(visit);
    if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, entry]) => [sanitizeText(k, { maxLength: 200 }), visit(entry)]));
    }
    return v;
  };
  return visit(value) as T;
}
