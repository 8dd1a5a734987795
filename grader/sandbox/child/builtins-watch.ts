/**
 * DESIGN.md section 5: a prototype or global patched by the student costs that exercise its
 * points. The sandbox's own code does not depend on the built-ins (captured.ts), so a patch
 * cannot fool the grader; this module only notices one, so the grader can say so. A snapshot of
 * the built-ins' own properties is taken once the sandbox is set up, before any student module
 * loads, and compared after every request: first by a quick pass that only asks whether anything
 * differs (it runs after every request, so it builds no maps and no names), then, when something
 * does, by the full comparison that names it.
 */
import { reflectApply } from './captured';

const ownKeys = Reflect.ownKeys;
const getOwnDescriptor = Object.getOwnPropertyDescriptor;
const getPrototypeOf = Object.getPrototypeOf;
const StringOf = String;
const same = Object.is;
const hasOwn = Object.hasOwn;
const mapHas = Map.prototype.has;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;

/** The built-ins whose own properties are watched, by the name a student would write. */
const WATCHED: [string, object][] = [
  ['globalThis', globalThis],
  ['Math', Math],
  ['JSON', JSON],
  ['Reflect', Reflect],
  ['Number', Number],
  ['Number.prototype', Number.prototype],
  ['Object', Object],
  ['Object.prototype', Object.prototype],
  ['Array', Array],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String', String],
  ['String.prototype', String.prototype],
  ['Float64Array', Float64Array],
  ['Float64Array.prototype', Float64Array.prototype],
  ['TypedArray.prototype', getPrototypeOf(Float64Array.prototype) as object],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
  ['Promise', Promise],
  ['Promise.prototype', Promise.prototype],
];

/** Properties Node itself changes at run time (stack-trace settings), never a student's patch. */
const IGNORED = new Set(['Error.stackTraceLimit', 'Error.prepareStackTrace']);

/** Which globalThis properties are watched: the standard built-ins, not every global a module may add. */
const GLOBAL_NAMES = new Set([
  'Math',
  'JSON',
  'Reflect',
  'Number',
  'Object',
  'Array',
  'String',
  'Float64Array',
  'Map',
  'Set',
  'Promise',
  'Error',
  'Symbol',
  'Proxy',
  'structuredClone',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
  'Boolean',
  'Function',
]);

type Fingerprint = Map<PropertyKey, [unknown, unknown, unknown]>;
/** Per watched object: its name, the object, its properties' fingerprint and its keys then. */
let snapshot: [string, object, Fingerprint, PropertyKey[]][] | undefined;
/** Per watched object: how many own keys it had (every key counts, except on globalThis). */
const keyCounts: number[] = [];
/** The watched global names globalThis did not have at the snapshot (a student may add one). */
let absentGlobals: string[] = [];
let firstPatch = '';

function fingerprint(name: string, target: object): Fingerprint {
  const print: Fingerprint = new Map();
  const keys = ownKeys(target);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (name === 'globalThis' && !(typeof key === 'string' && GLOBAL_NAMES.has(key))) continue;
    const d = getOwnDescriptor(target, key) as PropertyDescriptor;
    reflectApply(mapSet, print, [key, [d.value, d.get, d.set]]);
  }
  return print;
}

/** Called once, after the sandbox's own set-up and before any student module loads. */
export function takeBuiltinsSnapshot(): void {
  snapshot = [];
  for (let k = 0; k < WATCHED.length; k++) {
    const [name, target] = WATCHED[k];
    const print = fingerprint(name, target);
    const keys: PropertyKey[] = [];
    const all = ownKeys(target);
    for (let j = 0; j < all.length; j++) if (reflectApply(mapHas, print, [all[j]])) keys[keys.length] = all[j];
    snapshot[k] = [name, target, print, keys];
    keyCounts[k] = all.length;
  }
  absentGlobals = [];
  for (const name of GLOBAL_NAMES) if (!hasOwn(globalThis, name)) absentGlobals[absentGlobals.length] = name;
}

/**
 * Whether any watched property may differ from the snapshot: false only when every key of the
 * snapshot has the same value, getter and setter, no key was added to a watched object (same key
 * count, none of the old keys gone) and no watched global appeared.
 */
function anythingChanged(current: [string, object, Fingerprint, PropertyKey[]][]): boolean {
  // Indexing only, no destructuring: array iteration is a built-in a student can patch.
  for (let k = 0; k < current.length; k++) {
    const entry = current[k];
    const target = entry[1];
    const before = entry[2];
    const beforeKeys = entry[3];
    if (entry[0] !== 'globalThis' && ownKeys(target).length !== keyCounts[k]) return true;
    for (let j = 0; j < beforeKeys.length; j++) {
      const d = getOwnDescriptor(target, beforeKeys[j]);
      if (d === undefined) return true;
      const was = reflectApply(mapGet, before, [beforeKeys[j]]) as [unknown, unknown, unknown];
      if (!same(was[0], d.value) || !same(was[1], d.get) || !same(was[2], d.set)) return true;
    }
  }
  for (let k = 0; k < absentGlobals.length; k++) if (hasOwn(globalThis, absentGlobals[k])) return true;
  return false;
}

/** The first built-in changed since the snapshot, e.g. "Math.exp" (and it stays reported). */
export function patchedBuiltin(): string {
  if (firstPatch !== '' || snapshot === undefined || !anythingChanged(snapshot)) return firstPatch;
  for (let k = 0; k < snapshot.length; k++) {
    const [name, target, before, beforeKeys] = snapshot[k];
    const after = fingerprint(name, target);
    const keys = ownKeys(target);
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j];
      const path = name === 'globalThis' ? StringOf(key) : `${name}.${StringOf(key)}`;
      if (IGNORED.has(path) || !reflectApply(mapHas, after, [key])) continue;
      const was = reflectApply(mapGet, before, [key]) as [unknown, unknown, unknown] | undefined;
      const now = reflectApply(mapGet, after, [key]) as [unknown, unknown, unknown];
      // Object.is: Number.NaN must equal itself.
      if (was === undefined || !same(was[0], now[0]) || !same(was[1], now[1]) || !same(was[2], now[2])) {
        firstPatch = path;
        return firstPatch;
      }
    }
    for (let j = 0; j < beforeKeys.length; j++) {
      if (!reflectApply(mapHas, after, [beforeKeys[j]])) {
        firstPatch = name === 'globalThis' ? StringOf(beforeKeys[j]) : `${name}.${StringOf(beforeKeys[j])}`;
        return firstPatch;
      }
    }
  }
  return firstPatch;
}
