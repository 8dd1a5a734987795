/**
 * Removes instructor-only code from a TypeScript source for the student template, by its syntax
 * tree (the TypeScript compiler API), keeping every other byte of the file as it is.
 *
 * A declaration is instructor-only when its JSDoc has the tag `@instructorOnly` (with the reason
 * after it). What happens to it depends on what it is:
 *
 * - a function, method or accessor: its body becomes one statement that throws an error named
 *   NotInTemplateError (grader/student-template.ts), so callers that can do without it recognise it;
 * - a property of an object literal whose value is an array literal: the value becomes `[]`
 *   (the backward equations of a course module);
 * - any other property of an object literal: the property is removed (it must be optional).
 *
 * A tag anywhere else is an error, so that nothing marked is silently shipped. Afterwards the
 * imports that no longer have a use in the file are removed.
 */
import ts from 'typescript';
import { notInTemplateStatement } from '../student-template';

export const TAG = 'instructorOnly';

export interface StripResult {
  text: string;
  /** What was stripped, e.g. `FastLstm.backwardBatch` or `equations.backward`, in source order. */
  stripped: string[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

export class StripError extends Error {
  override name = 'StripError';
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
}

function hasTag(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === TAG);
}

/** The `@instructorOnly` tags written at the start of a comment line, the only place JSDoc reads them. */
function countTags(text: string): number {
  return text.match(new RegExp(String.raw`^[ \t]*(?:/\*\*|\*)[ \t]*@${TAG}\b`, 'gm'))?.length ?? 0;
}

function nameOf(node: ts.Node, sourceFile: ts.SourceFile): string {
  const own = (node as { name?: ts.Node }).name;
  const name = own ? own.getText(sourceFile) : '(anonymous)';
  let parent = node.parent;
  if (ts.isClassLike(parent)) return `${parent.name?.getText(sourceFile) ?? '(class)'}.${name}`;
  if (ts.isObjectLiteralExpression(parent)) {
    parent = parent.parent;
    if (ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent)) return `${parent.name.getText(sourceFile)}.${name}`;
  }
  return name;
}

/** The whitespace at the start of the line `position` is on. */
function indentAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function applyEdits(text: string, edits: Edit[], fileName: string): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].end > sorted[k - 1].start) throw new StripError(`stripInstructorOnly: overlapping edits in ${fileName}`);
  }
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The text without its `@instructorOnly` code (see the top of this file). */
export function stripInstructorOnly(fileName: string, text: string): StripResult {
  const sourceFile = parse(fileName, text);
  const edits: Edit[] = [];
  const stripped: string[] = [];
  let tagged = 0;
  const visit = (node: ts.Node): void => {
    const kind = node.kind;
    const declaration =
      kind === ts.SyntaxKind.FunctionDeclaration ||
      kind === ts.SyntaxKind.MethodDeclaration ||
      kind === ts.SyntaxKind.GetAccessor ||
      kind === ts.SyntaxKind.SetAccessor ||
      kind === ts.SyntaxKind.PropertyAssignment;
    if (declaration && hasTag(node)) {
      tagged++;
      const name = nameOf(node, sourceFile);
      stripped.push(name);
      if (ts.isPropertyAssignment(node)) {
        if (!ts.isObjectLiteralExpression(node.parent))
          throw new StripError(`stripInstructorOnly: ${fileName}: ${name} is not in an object literal`);
        if (ts.isArrayLiteralExpression(node.initializer)) {
          edits.push({ start: node.initializer.getStart(sourceFile), end: node.initializer.end, text: '[]' });
        } else {
          // The property, its comments and the comma after it.
          const comma = /^\s*,/.exec(text.slice(node.end));
          edits.push({ start: node.getFullStart(), end: node.end + (comma ? comma[0].length : 0), text: '' });
        }
        return;
      }
      const body = (node as ts.FunctionLikeDeclaration).body;
      if (body === undefined || !ts.isBlock(body)) throw new StripError(`stripInstructorOnly: ${fileName}: ${name} has no body to strip`);
      const indent = indentAt(text, node.getStart(sourceFile));
      edits.push({ start: body.getStart(sourceFile), end: body.end, text: `{\n${indent}  ${notInTemplateStatement(name)}\n${indent}}` });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const written = countTags(text);
  if (written !== tagged) {
    throw new StripError(
      `stripInstructorOnly: ${fileName} has ${written} @${TAG} tag(s) but ${tagged} on a function, method, accessor or object property: ` +
        'a tag elsewhere would ship its code',
    );
  }
  if (edits.length === 0) return { text, stripped };
  return { text: pruneUnusedImports(fileName, applyEdits(text, edits, fileName)), stripped };
}

/**
 * Removes the import bindings (and whole import declarations) that nothing in the file refers to
 * any more. Every identifier outside the imports counts as a use, so a binding is only removed when
 * its name appears nowhere else; imports for their side effects stay.
 */
export function pruneUnusedImports(fileName: string, text: string): string {
  const sourceFile = parse(fileName, text);
  const used = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node)) used.add(node.text);
    ts.forEachChild(node, collect);
  };
  collect(sourceFile);
  const edits: Edit[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause === undefined) continue;
    const clause = statement.importClause;
    const parts: string[] = [];
    let removed = false;
    if (clause.name) {
      if (used.has(clause.name.text)) parts.push(clause.name.text);
      else removed = true;
    }
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) {
      if (used.has(bindings.name.text)) parts.push(bindings.getText(sourceFile));
      else removed = true;
    } else if (bindings) {
      const kept = bindings.elements.filter((element) => used.has(element.name.text));
      if (kept.length < bindings.elements.length) removed = true;
      if (kept.length > 0) parts.push(`{ ${kept.map((element) => element.getText(sourceFile)).join(', ')} }`);
    }
    if (!removed) continue;
    const start = statement.getStart(sourceFile);
    if (parts.length === 0) {
      const newline = text[statement.end] === '\n' ? 1 : 0;
      edits.push({ start, end: statement.end + newline, text: '' });
    } else {
      const typeOnly = clause.isTypeOnly ? 'type ' : '';
      edits.push({
        start,
        end: statement.end,
        text: `import ${typeOnly}${parts.join(', ')} from ${statement.moduleSpecifier.getText(sourceFile)};`,
      });
    }
  }
  return edits.length === 0 ? text : applyEdits(text, edits, fileName);
}
