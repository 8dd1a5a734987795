/**
 * Built-in integrity checked from outside the student's reach (DESIGN.md section 5: a patched
 * built-in costs the exercise its points). With every request the grader sends a few numbers;
 * after the calls, the sandbox computes these probes on them through the CURRENT globals (no
 * captured references: a free `Math` here is looked up when the probe runs), and the grader
 * compares the answers with what the same probes give in its own, unpatched process. A student
 * who switches the sandbox's own watch off still leaves the patch where the probes see it.
 *
 * The probes cover the built-ins the exercises use (Math, Number, typed arrays, arrays, Object,
 * JSON, function calls). Each must give bit-identical answers in both processes (same Node
 * binary), so only deterministic operations appear here.
 */

export type ProbeAnswer = number | string;

type Probe = readonly [name: string, run: (x: readonly number[]) => ProbeAnswer];

const vector = (x: readonly number[]): Float64Array => {
  const v = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) v[k] = x[k];
  return v;
};

/** The probes, by the name the fault message uses. Inputs: four finite numbers. */
export const PROBES: readonly Probe[] = [
  ['Math.exp', (x) => Math.exp(x[0]) + Math.exp(-x[1])],
  ['Math.tanh', (x) => Math.tanh(x[0]) + Math.tanh(x[2] / 7)],
  ['Math.log', (x) => Math.log(Math.abs(x[1]) + 1)],
  ['Math.log1p', (x) => Math.log1p(Math.abs(x[2]))],
  ['Math.expm1', (x) => Math.expm1(x[3] / 10)],
  ['Math.max', (x) => Math.max(x[0], x[1], x[2]) + Math.max()],
  ['Math.min', (x) => Math.min(x[0], x[1], x[2]) + Math.min()],
  ['Math.abs', (x) => Math.abs(x[1]) + Math.abs(-x[3])],
  ['Math.sqrt', (x) => Math.sqrt(Math.abs(x[0]))],
  ['Math.pow', (x) => Math.pow(Math.abs(x[2]) + 0.5, 1.5)],
  ['Math.sign', (x) => Math.sign(x[1]) * 3 + Math.sign(x[3])],
  ['Math.floor', (x) => Math.floor(x[0]) + Math.ceil(x[1]) + Math.round(x[2]) + Math.trunc(x[3])],
  ['Math.hypot', (x) => Math.hypot(x[0], x[1])],
  ['Math.sinh', (x) => Math.sinh(x[3] / 10) + Math.cosh(x[2] / 10) + Math.atan(x[1]) + Math.sin(x[0]) + Math.cos(x[1])],
  ['Math.E', () => Math.E + Math.PI + Math.LN2],
  [
    'Number.isFinite',
    (x) => `${Number.isFinite(x[0])} ${Number.isFinite(x[0] / 0)} ${isFinite(x[1])} ${Number.isNaN(0 / 0)} ${isNaN(x[2])}`,
  ],
  ['Number.isInteger', (x) => `${Number.isInteger(Math.floor(x[0]))} ${Number.isInteger(x[0] + 0.5)} ${Number.isSafeInteger(2 ** 53)}`],
  ['Number.EPSILON', () => Number.EPSILON + Number.MAX_VALUE / 1e300 + Number.MIN_VALUE * 1e300],
  ['Number.prototype.toFixed', (x) => `${x[0].toFixed(4)} ${x[1].toPrecision(6)} ${x[2].toString()} ${String(x[3])}`],
  ['Number', (x) => Number(`${x[1]}`) + parseFloat(`${x[2]}`) + parseInt('42', 10) + Number.parseFloat('1.5')],
  [
    'Float64Array',
    (x) => {
      const v = new Float64Array(3);
      v[1] = x[0];
      return v.length + v[0] + v[1] + v.byteLength + Float64Array.BYTES_PER_ELEMENT;
    },
  ],
  ['Float64Array.from', (x) => Float64Array.from(x)[2] + Float64Array.of(x[1], x[3])[1]],
  ['Float64Array.prototype.fill', (x) => new Float64Array(2).fill(x[1])[1]],
  [
    'Float64Array.prototype.set',
    (x) => {
      const v = new Float64Array(5);
      v.set(vector(x), 1);
      return v[4] + v[1];
    },
  ],
  ['Float64Array.prototype.subarray', (x) => vector(x).subarray(1, 3)[1] + vector(x).subarray(2).length],
  ['Float64Array.prototype.slice', (x) => vector(x).slice(1)[0] + vector(x).slice(0, 2).length],
  ['Float64Array.prototype.map', (x) => vector(x).map((a) => a * 2)[3]],
  ['Float64Array.prototype.reduce', (x) => vector(x).reduce((s, a) => s + a, 0)],
  [
    'Float64Array.prototype.forEach',
    (x) => {
      let s = 0;
      vector(x).forEach((a, k) => {
        s += a * (k + 1);
      });
      return s;
    },
  ],
  ['Float64Array.prototype.every', (x) => `${vector(x).every((a) => a > -100)} ${vector(x).some((a) => a > 100)}`],
  ['Float64Array.prototype.indexOf', (x) => vector(x).indexOf(x[2]) + vector(x).findIndex((a) => a === x[3])],
  ['Float64Array.prototype.join', (x) => vector(x).join('|')],
  [
    'TypedArray iteration',
    (x) => {
      let s = 0;
      for (const a of vector(x)) s += a;
      return s + Array.from(vector(x))[1] + [...vector(x)][2];
    },
  ],
  [
    'Array',
    (x) => {
      const list = new Array(3);
      list[0] = x[0];
      return list.length + Array.of(1, 2).length + Number(Array.isArray(list));
    },
  ],
  ['Array.from', (x) => Array.from({ length: 3 }, (_, k) => x[k] * k)[2]],
  [
    'Array.prototype.push',
    (x) => {
      const list: number[] = [];
      list.push(x[0], x[1]);
      list.unshift(x[2]);
      return list.length + list[0] + (list.pop() as number) + (list.shift() as number);
    },
  ],
  ['Array.prototype.map', (x) => x.map((a) => a + 1)[2] + x.filter((a) => a > 0).length],
  ['Array.prototype.reduce', (x) => x.reduce((s, a) => s * 0.5 + a, 0) + x.reduceRight((s, a) => s + a, 0)],
  ['Array.prototype.slice', (x) => x.slice(1, 3)[1] + x.concat([7])[4] + [x[0], x[1]].reverse()[0]],
  ['Array.prototype.fill', () => new Array(4).fill(2.5).reduce((s, a) => s + a, 0)],
  [
    'Array.prototype.forEach',
    (x) => {
      let s = 0;
      x.forEach((a) => {
        s += a;
      });
      return s;
    },
  ],
  ['Array.prototype.every', (x) => `${x.every((a) => a > -100)} ${x.some((a) => a > 100)} ${x.includes(x[3])} ${x.indexOf(x[1])}`],
  ['Array.prototype.join', (x) => x.join(',') + [[1, 2], [3]].flat().length],
  ['Array.prototype.sort', (x) => [...x].sort((a, b) => a - b).join(' ')],
  ['Array.prototype.find', (x) => (x.find((a) => a === x[2]) as number) + x.findIndex((a) => a === x[1])],
  ['Object.keys', (x) => Object.keys({ b: x[0], a: x[1] }).join() + Object.values({ a: x[2] })[0] + Object.entries({ c: 1 })[0][0]],
  [
    'Object.assign',
    (x) => {
      const target: Record<string, number> = Object.assign({}, { a: x[0] }, { b: x[1] });
      return target.a + target.b + Object.keys({ ...target, c: 1 }).length;
    },
  ],
  ['Object.freeze', (x) => `${Object.isFrozen(Object.freeze({ a: x[0] }))} ${Object.getPrototypeOf([]) === Array.prototype}`],
  [
    'Object.prototype',
    () => `${Object.prototype.hasOwnProperty.call({ a: 1 }, 'a')} ${'a' in {}} ${Object.hasOwn({ b: 1 }, 'b')} ${String({})}`,
  ],
  ['JSON.stringify', (x) => JSON.stringify({ a: x[0], b: [x[1], null], c: 'text' })],
  ['JSON.parse', (x) => JSON.parse(`{"a":[${x[2]},2]}`).a[0] + JSON.parse('3')],
  ['structuredClone', (x) => (structuredClone({ v: vector(x) }) as { v: Float64Array }).v[3]],
  ['Function.prototype.apply', (x) => Math.max.apply(null, [x[0], x[1]]) + Math.min.call(null, x[2], x[3]) + Math.abs.bind(null, x[1])()],
  ['Reflect.apply', (x) => Reflect.apply(Math.max, undefined, [x[0], x[2]])],
  [
    'String.prototype',
    (x) =>
      `${x[0]}`.slice(0, 4) +
      'abc'.indexOf('c') +
      'a,b'.split(',').length +
      'x'.repeat(2) +
      ' t '.trim() +
      'ab'.padStart(4) +
      'AB'.toLowerCase(),
  ],
  [
    'Map.prototype',
    (x) => {
      const map = new Map([['a', x[0]]]);
      map.set('b', x[1]);
      const set = new Set([1, 2, 2]);
      return (map.get('a') as number) + map.size + set.size + Number(set.has(2)) + Number(map.has('c'));
    },
  ],
  // No `new Error` here: capturing a stack costs more than all other probes together.
  [
    'Error',
    () => `${Error.name} ${RangeError.prototype.name} ${Object.getPrototypeOf(TypeError) === Error} ${typeof Error.captureStackTrace}`,
  ],
];

/** Every probe's answer on `inputs`; a probe that throws answers 'threw'. */
export function runProbes(inputs: readonly number[]): ProbeAnswer[] {
  const answers: ProbeAnswer[] = new Array(PROBES.length);
  for (let k = 0; k < PROBES.length; k++) {
    try {
      answers[k] = PROBES[k][1](inputs);
    } catch {
      answers[k] = 'threw';
    }
  }
  return answers;
}

/** The name of the first probe whose answer differs from the expected one; '' when all agree. */
export function firstDifference(expected: readonly ProbeAnswer[], answers: unknown): string {
  if (!Array.isArray(answers) || answers.length !== expected.length) return 'a built-in object';
  for (let k = 0; k < expected.length; k++) {
    if (!Object.is(expected[k], answers[k])) return PROBES[k][0];
  }
  return '';
}

/** Four numbers for one sandbox's probes: random, so no fixed answer table fits. */
export function probeInputs(random: () => number = Math.random): number[] {
  return [0, 1, 2, 3].map((k) => Math.round((random() * 60 - 30) * 1000) / 1000 + (k === 0 ? 0.5 : 0));
}
