/**
 * TypeScript → CommonJS JavaScript for the sandbox, with `typescript.transpileModule`: a text
 * transformation on the trusted side that runs none of the code. Only syntax errors are
 * reported (types are not checked: a type error must not cost a student a run).
 */
import ts from 'typescript';

export interface TranspiledFile {
  /** CommonJS JavaScript, ES2022. */
  js: string;
  /** The source map (version 3 JSON) from the .js back to the .ts, for stack traces. */
  sourceMap: string;
  /** The first syntax error, if any (then `js` must not be run). */
  syntaxError?: { line: number; message: string };
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  sourceMap: true,
  inlineSources: false,
  esModuleInterop: true,
  removeComments: false,
};

/** Transpiles one file; `fileName` is used in the source map and in messages only. */
export function transpileTypeScript(source: string, fileName: string): TranspiledFile {
  if (typeof source !== 'string') {
    throw new TypeError(`transpileTypeScript: argument source must be a string, got ${typeof source}`);
  }
  const output = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName, reportDiagnostics: true });
  const js = output.outputText.replace(/\/\/# sourceMappingURL=.*\s*$/, '');
  const sourceMap = output.sourceMapText ?? '';
  const error = (output.diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!error) return { js, sourceMap };
  const message = ts.flattenDiagnosticMessageText(error.messageText, ' ');
  const line = error.file && error.start !== undefined
    ? error.file.getLineAndCharacterOfPosition(error.start).line + 1
    : 1;
  return { js, sourceMap, syntaxError: { line, message } };
}

/** The relative module paths a file imports (`import … from './x'`, `require('../y')`, `import('z')`). */
export function importedModules(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}
