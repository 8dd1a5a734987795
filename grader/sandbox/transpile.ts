/**
 * TypeScript → CommonJS JavaScript for the sandbox, with `typescript.transpileModule`: a text
 * transformation that runs none of the code. Only syntax errors are reported (types are not
 * checked: a type error must not cost a student a run).
 *
 * The grader's own files go through it on the main thread. Student files go through the same
 * function in a worker thread with a time and memory limit (compiler.ts): TypeScript recurses
 * once per level of nesting (a thousand nested parentheses overflow its stack) and takes time
 * quadratic in some inputs (a sum of 30 000 terms takes minutes).
 */
import ts from 'typescript';

export interface TranspiledFile {
  /** CommonJS JavaScript, ES2022. */
  js: string;
  /** The source map (version 3 JSON) from the .js back to the .ts, for stack traces. */
  sourceMap: string;
  /** The first syntax error, if any (then `js` must not be run). */
  syntaxError?: { line: number; message: string };
  /** The module paths the emitted JavaScript loads (`require('./x')`, `import('z')`); type-only imports are gone. */
  imports: string[];
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  sourceMap: true,
  inlineSources: false,
  esModuleInterop: true,
  removeComments: false,
};

/** The comment TypeScript appends to point at the source map, which stays on the grader's side. */
const SOURCE_MAP_COMMENT = '//# sourceMappingURL=';

/** Transpiles one file; `fileName` is used in the source map and in messages only. */
export function transpileTypeScript(source: string, fileName: string): TranspiledFile {
  if (typeof source !== 'string') {
    throw new TypeError(`transpileTypeScript: argument source must be a string, got ${typeof source}`);
  }
  const output = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName, reportDiagnostics: true });
  // Only the trailer TypeScript wrote goes: the last such comment, at the very end.
  const trailer = output.outputText.lastIndexOf(SOURCE_MAP_COMMENT);
  const js = trailer >= 0 && output.outputText.indexOf('\n', trailer) < 0 ? output.outputText.slice(0, trailer) : output.outputText;
  const sourceMap = output.sourceMapText ?? '';
  const imports = ts.preProcessFile(js, true, true).importedFiles.map((f) => f.fileName);
  const error = (output.diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!error) return { js, sourceMap, imports };
  const message = ts.flattenDiagnosticMessageText(error.messageText, ' ');
  const line = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start).line + 1 : 1;
  return { js, sourceMap, syntaxError: { line, message }, imports };
}
