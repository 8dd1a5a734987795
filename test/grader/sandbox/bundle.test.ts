/**
 * The bundled script keeps its modules in a closure: they load in order, share one instance
 * each, and none of them is in require.cache or reachable from the module that runs it.
 */
import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { bundleScript } from '../../../grader/sandbox/bundle';

/** Runs `script` in a fresh context (its own String, Object…) with a recording stand-in for Node's require. */
function run(script: string): { exported: unknown; log: string[]; context: vm.Context } {
  const log: string[] = [];
  const fakeModule = { exports: {} };
  const nodeRequire = (request: string) => {
    log.push(`node:${request}`);
    return { request };
  };
  const context = vm.createContext({});
  vm.runInContext(`(function (require, module, __filename, __dirname) {\n${script}\n})`, context)(
    nodeRequire,
    fakeModule,
    '/ws/.sandbox/entry.js',
    '/ws/.sandbox',
  );
  return { exported: fakeModule.exports, log, context };
}

describe('bundleScript', () => {
  it('runs the entry, resolves ./names inside the bundle once each, and sends the rest to Node', () => {
    const script = bundleScript(
      [
        { name: 'counter', js: 'let n = 0; exports.next = () => ++n;' },
        {
          name: 'entry',
          js: "const a = require('./counter'); const b = require('./counter.js'); a.next(); exports.value = b.next(); require('node:fs'); module.exports.self = __filename;",
        },
      ],
      'entry',
    );
    const result = run(script);
    expect(result.log).toEqual(['node:node:fs']);
    // Nothing leaks to the module that runs the bundle.
    expect(result.exported).toEqual({});
  });

  it('keeps resolving its own modules after String and Object methods are patched (as student code would)', () => {
    const script = bundleScript(
      [
        { name: 'entry', js: "globalThis.load = require; require('./other');" },
        { name: 'other', js: 'exports.ok = 1;' },
      ],
      'entry',
    );
    const { context, log } = run(script);
    vm.runInContext(
      `
      String.prototype.startsWith = function () { throw new Error('patched startsWith called'); };
      String.prototype.slice = function () { throw new Error('patched slice called'); };
      String.prototype.endsWith = function () { throw new Error('patched endsWith called'); };
      Object.create = function () { throw new Error('patched Object.create called'); };
      Function.prototype.call = function () { throw new Error('patched call called'); };
    `,
      context,
    );
    expect(vm.runInContext("load('./other.js').ok", context)).toBe(1);
    expect(vm.runInContext("load('/ws/exercises/x.js').request", context)).toBe('/ws/exercises/x.js');
    expect(log).toEqual(['node:/ws/exercises/x.js']);
  });

  it('refuses bad module names and a missing entry', () => {
    expect(() => bundleScript([{ name: '../x', js: '' }], '../x')).toThrow(/bundleScript: argument modules: bad or repeated module name/);
    expect(() => bundleScript([{ name: 'a', js: '' }], 'b')).toThrow(/bundleScript: argument entry: no module named "b"/);
  });
});
