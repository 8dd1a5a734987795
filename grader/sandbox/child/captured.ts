/**
 * What the sandbox's own code relies on, captured when this module loads: before any student
 * module, which may then patch anything global (Math, Object.prototype, Function.prototype…).
 * Values are written with defineProperty and descriptors without a prototype, never through
 * setters or inherited fields a student could add. A student who breaks the sandbox's code
 * anyway only spoils their own results: every verdict and limit lives in the grader process.
 */
export const reflectApply = Reflect.apply;
export const defineProperty = Object.defineProperty;
export const createObject = Object.create;
export const StringOf = String;
export const jsonStringify = JSON.stringify;
export const jsonParse = JSON.parse;
export const ErrorConstructor = Error;
export const isArray = Array.isArray;
export const stringSlice = String.prototype.slice;
export const stringStartsWith = String.prototype.startsWith;
export const stringIncludes = String.prototype.includes;
export const stringIndexOf = String.prototype.indexOf;
export const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
export const typedArrayByteLength = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'byteLength') as PropertyDescriptor)
  .get as () => number;
const getOwnDescriptor = Object.getOwnPropertyDescriptor;
const objectKeys = Object.keys;
const deleteProperty = Reflect.deleteProperty;

/** `method.call(self, ...args)` without Function.prototype.call, which a student may patch. */
export function call<T>(method: (...args: never[]) => T, self: unknown, ...args: unknown[]): T {
  return reflectApply(method as (...a: unknown[]) => T, self, args);
}

/**
 * A property descriptor with no prototype: a student who adds `value` or `get` to
 * Object.prototype would otherwise turn every descriptor used here into an invalid one.
 */
export function detached(descriptor: PropertyDescriptor): PropertyDescriptor {
  const copy = createObject(null) as Record<string, unknown>;
  const keys = objectKeys(descriptor);
  for (let k = 0; k < keys.length; k++) copy[keys[k]] = (descriptor as Record<string, unknown>)[keys[k]];
  return copy as PropertyDescriptor;
}

/** Defines an own data property (no setter on a prototype is called). */
export function put(target: object, key: string | number, value: unknown): void {
  const descriptor = createObject(null) as PropertyDescriptor;
  descriptor.value = value;
  descriptor.writable = true;
  descriptor.enumerable = true;
  descriptor.configurable = true;
  defineProperty(target, key, descriptor);
}

/**
 * Node's own stream and file code (outside the sandbox's files) still calls a few intrinsics
 * through their prototypes: a student who patches Function.prototype.apply or a typed array's
 * length getter would stop every later message from arriving. These few are put back after each
 * request; every other patch stays, as the student wrote it.
 */
const arrayIteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]()) as object;
const transportIntrinsics: [object, PropertyKey, PropertyDescriptor][] = (
  [
    [Function.prototype, 'apply'],
    [Function.prototype, 'call'],
    [Function.prototype, 'bind'],
    [Array.prototype, Symbol.iterator],
    [arrayIteratorPrototype, 'next'],
    [typedArrayPrototype, 'length'],
    [typedArrayPrototype, 'byteLength'],
    [typedArrayPrototype, 'byteOffset'],
    [typedArrayPrototype, 'subarray'],
    [typedArrayPrototype, 'slice'],
    [typedArrayPrototype, 'set'],
  ] as [object, PropertyKey][]
).map(([target, key]) => [target, key, detached(getOwnDescriptor(target, key) as PropertyDescriptor)]);

/**
 * Runs `send` with the transport intrinsics as they were at start, then puts back whatever the
 * student had set: a message in the middle of a request must not undo their patches, which the
 * watch only looks at when the request ends.
 */
export function withTransportIntrinsics(send: () => void): void {
  const current: (PropertyDescriptor | undefined)[] = [];
  for (let k = 0; k < transportIntrinsics.length; k++) {
    const [target, key] = transportIntrinsics[k];
    const descriptor = getOwnDescriptor(target, key);
    current[k] = descriptor === undefined ? undefined : detached(descriptor);
  }
  restoreTransportIntrinsics();
  try {
    send();
  } finally {
    for (let k = 0; k < transportIntrinsics.length; k++) {
      const [target, key] = transportIntrinsics[k];
      const descriptor = current[k];
      try {
        if (descriptor === undefined) reflectApply(deleteProperty, undefined, [target, key]);
        else defineProperty(target, key, descriptor);
      } catch {
        // Non-configurable now: it stays as the student left it, which restore could not change either.
      }
    }
  }
}

export function restoreTransportIntrinsics(): void {
  for (let k = 0; k < transportIntrinsics.length; k++) {
    const [target, key, descriptor] = transportIntrinsics[k];
    try {
      defineProperty(target, key, descriptor);
    } catch {
      // Made non-configurable by the student: their later results may not arrive (a timeout).
    }
  }
}

/** The first `limit` characters, as a string of its own. */
export function cap(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // A slice of a string keeps the whole string alive in V8; a copy through JSON does not, so a
  // batch of calls that each throw a 10 MB message does not hold gigabytes.
  return jsonParse(jsonStringify(`${call(stringSlice, text, 0, limit) as string}… [cut]`)) as string;
}
