/**
 * A submission file as a normalised token stream, for the similarity check: what renaming,
 * reformatting, re-commenting or adding and removing type annotations cannot change.
 *
 * The TypeScript scanner reads the file without comments or layout; every identifier becomes one
 * token `I`, every number `N`, every string, template or regular expression `S`; keywords and
 * punctuation stay as they are (the parser tells a name such as `out` from the keyword). Type syntax (annotations with their colon, interfaces, type
 * aliases, type-only imports, `as T`, `!`) is left out, found with the TypeScript parser: parsing
 * only, a few milliseconds per file, where a full transpile costs ten times that.
 */
import ts from 'typescript';

/** Token codes: SyntaxKind numbers for keywords and punctuation, and these three for the normalised classes. */
export const IDENTIFIER = 1000;
export const NUMBER = 1001;
export const TEXT = 1002;

const LITERAL_TEXT = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
]);

/** Tokens after which a `/` is a division; after anything else it starts a regular expression. */
const ENDS_OPERAND = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
]);

function tokenCode(kind: ts.SyntaxKind): number {
  if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) return IDENTIFIER;
  if (kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.BigIntLiteral) return NUMBER;
  if (LITERAL_TEXT.has(kind)) return TEXT;
  return kind;
}

/** What the parser says about a file: type-only ranges, and where the identifiers start. */
export interface Parsed {
  /** [start, end) character ranges of type-only syntax, sorted by start. */
  typeRanges: [number, number][];
  /**
   * Start positions of identifiers. The scanner alone reads a contextual keyword used as a name
   * (`out`, `type`, `of`, `from`, …) as a keyword; the parser knows it is a name.
   */
  identifierStarts: Set<number>;
}

export function parse(source: string, fileName: string): Parsed {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, /* setParentNodes */ false, ts.ScriptKind.TS);
  const ranges: [number, number][] = [];
  const identifierStarts = new Set<number>();
  const skipped = (node: ts.Node): boolean =>
    ts.isTypeNode(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly === true) ||
    (ts.isExportDeclaration(node) && node.isTypeOnly);
  // forEachChild stops at the first callback that returns a value, so `visit` returns nothing.
  const visit = (node: ts.Node): undefined => {
    if (skipped(node)) {
      ranges.push([node.getStart(file), node.end]);
    } else if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) {
      // Keep the expression, drop `as T`, `satisfies T` or `!` after it.
      ranges.push([node.expression.end, node.end]);
      visit(node.expression);
    } else {
      if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) identifierStarts.add(node.getStart(file));
      ts.forEachChild(node, visit);
    }
    return undefined;
  };
  visit(file);
  return { typeRanges: ranges.sort((a, b) => a[0] - b[0]), identifierStarts };
}

/** [start, end) character ranges of type-only syntax, sorted by start. */
export function typeRanges(source: string, fileName: string): [number, number][] {
  return parse(source, fileName).typeRanges;
}

interface Token {
  kind: ts.SyntaxKind;
  start: number;
}

/** Every token of the text, comments and layout left out. */
function scan(source: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, source);
  const tokens: Token[] = [];
  // Open braces, marking the ones that close a template's ${…}, so that the rest of the template is read as template text.
  const braces: boolean[] = [];
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.TemplateHead) braces.push(true);
    else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    else if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop() === true) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateMiddle) braces.push(true);
    } else if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !ENDS_OPERAND.has(previous)) {
      kind = scanner.reScanSlashToken();
    }
    tokens.push({ kind, start: scanner.getTokenStart() });
    previous = kind;
  }
  return tokens;
}

/** The normalised token codes of a TypeScript source, type syntax left out. */
export function normalisedTokens(source: string, fileName: string): number[] {
  const { typeRanges: ranges, identifierStarts } = parse(source, fileName);
  const inType = (position: number): boolean => {
    // Binary search for the last range starting at or before the position.
    let lo = 0;
    let hi = ranges.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid][0] <= position) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Ranges nest (a type inside a skipped statement), so look back over every earlier start.
    for (let k = found; k >= 0; k--) if (position < ranges[k][1]) return true;
    return false;
  };
  const tokens = scan(source);
  const codes: number[] = [];
  tokens.forEach((token, k) => {
    if (inType(token.start)) return;
    // The colon of an annotation goes with its type.
    if (token.kind === ts.SyntaxKind.ColonToken && k + 1 < tokens.length && inType(tokens[k + 1].start)) return;
    codes.push(identifierStarts.has(token.start) ? IDENTIFIER : tokenCode(token.kind));
  });
  return codes;
}
