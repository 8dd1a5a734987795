/**
 * TypeScript → CommonJS for the grader's OWN files staged next to the student's (lib/, the
 * sandbox entry, trusted task modules, the compile worker's script). They are trusted, so they
 * need none of the student compiler's isolation, only speed: swc (a native transpiler, already
 * loaded when the grader runs under ts-node) takes about 2 ms a file where a cold TypeScript
 * takes hundreds. Where swc cannot load, TypeScript does the same job.
 */
import { transpileTypeScript } from './transpile';

interface Swc {
  transformSync(source: string, options: object): { code: string };
}

let swc: Swc | null | undefined;

function loadSwc(): Swc | null {
  if (swc === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional native module: absent on some platforms
      swc = require('@swc/core') as Swc;
    } catch {
      swc = null;
    }
  }
  return swc;
}

const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: false,
};

const transpiled = new Map<string, string>();

/** The CommonJS JavaScript of one of the grader's own files; `fileName` names it in errors. */
export function transpileTrusted(source: string, fileName: string): string {
  if (typeof source !== 'string') throw new TypeError(`transpileTrusted: argument source must be a string, got ${typeof source}`);
  const key = `${fileName}\u0000${source}`;
  let js = transpiled.get(key);
  if (js !== undefined) return js;
  const compiler = loadSwc();
  if (compiler) {
    js = compiler.transformSync(source, { ...SWC_OPTIONS, filename: fileName }).code;
  } else {
    const result = transpileTypeScript(source, fileName);
    if (result.syntaxError) {
      throw new Error(
        `transpileTrusted: the grader's own file ${fileName} has a syntax error: line ${result.syntaxError.line}: ${result.syntaxError.message}`,
      );
    }
    js = result.js;
  }
  transpiled.set(key, js);
  return js;
}
