/**
 * Joins transpiled CommonJS modules of one folder into a single script whose modules live in a
 * closure. Used for the sandbox entry (so none of the sandbox's own modules is in require.cache,
 * module.children or anywhere else student code can reach) and for the compile worker (which
 * runs from a string, with no files of its own).
 *
 * Inside the script, `require('./name')` gives a bundled module and anything else goes to Node's
 * require. The lookups use only functions captured when the script starts and objects without a
 * prototype: a student who patches String or Map methods later cannot make them run with the
 * bundle's own objects as `this`.
 */

export interface BundledModule {
  /** The module's file name without extension, as `./name` imports it. */
  name: string;
  /** Its CommonJS JavaScript. */
  js: string;
}

const NAME = /^[A-Za-z0-9_-]+$/;

/** A script that defines `modules` and runs `entry`; it expects Node's `require`, `__filename` and `__dirname` in scope. */
export function bundleScript(modules: readonly BundledModule[], entry: string): string {
  const names = new Set<string>();
  for (const module of modules) {
    if (!NAME.test(module.name) || names.has(module.name)) {
      throw new RangeError(`bundleScript: argument modules: bad or repeated module name ${JSON.stringify(module.name)}`);
    }
    names.add(module.name);
  }
  if (!names.has(entry)) throw new RangeError(`bundleScript: argument entry: no module named ${JSON.stringify(entry)}`);
  const definitions = modules
    .map(
      (module) =>
        `definitions[${JSON.stringify(module.name)}] = function (exports, require, module, __filename, __dirname) {\n${module.js}\n};`,
    )
    .join('\n');
  return `'use strict';
(function (nodeRequire, bundleFilename, bundleDirname) {
  const apply = Reflect.apply;
  const startsWith = String.prototype.startsWith;
  const slice = String.prototype.slice;
  const endsWith = String.prototype.endsWith;
  const createObject = Object.create;
  const definitions = createObject(null);
  const instances = createObject(null);
  ${definitions}
  function bundledName(request) {
    if (typeof request !== 'string' || !apply(startsWith, request, ['./'])) return undefined;
    let name = apply(slice, request, [2]);
    if (apply(endsWith, name, ['.js']) || apply(endsWith, name, ['.ts'])) name = apply(slice, name, [0, -3]);
    return definitions[name] === undefined ? undefined : name;
  }
  function requireFor(request) {
    const name = bundledName(request);
    if (name === undefined) return nodeRequire(request);
    let instance = instances[name];
    if (instance === undefined) {
      instance = createObject(null);
      instance.exports = {};
      instances[name] = instance;
      apply(definitions[name], instance.exports, [instance.exports, requireFor, instance, bundleFilename, bundleDirname]);
    }
    return instance.exports;
  }
  requireFor(${JSON.stringify(`./${entry}`)});
})(require, __filename, __dirname);
`;
}
