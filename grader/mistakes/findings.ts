/**
 * Generic findings for a failing field that no catalogued mistake explains: simple relations
 * between the student's value a and the expected value e of that field that hold exactly (within
 * the match tolerance) at every generic probe, built from the quantities of the call (f, i, C̃, o,
 * C, tanh C, the upstream gradients…). Each is phrased as a finding about the field ("your dcPrev
 * equals the expected value divided by f"), never as a named mistake; the first relation that
 * holds is given, the simplest first, and none when none holds.
 */
import { formatNumber } from '../format';
import { numbersMatch } from './compare';
import { fieldsOf, fieldShapes, type FieldShape } from './fields';

type Vec = number[];

export interface FindingQuery {
  field: string;
  /** The student's and the expected values of the field, per probe. */
  student: Vec[];
  expected: Vec[];
  /** Named vectors of the call per probe (its arguments, the forward's outputs), to relate the field to. */
  quantities: Map<string, Vec>[];
  /** The field's layout per probe (a matrix's rows and columns, a list's steps). */
  shapes?: FieldShape[];
  /** The number of steps of the call per probe (a sequence's T), when it has steps. */
  steps?: number[];
}

const close = (a: Vec, b: Vec): boolean => a.length === b.length && a.every((v, k) => numbersMatch(v, b[k]));

/** Whether `predict` gives the student's value at every probe. */
function holds(q: FindingQuery, predict: (k: number) => Vec | undefined): boolean {
  return q.student.every((a, k) => {
    const predicted = predict(k);
    return predicted !== undefined && close(a, predicted);
  });
}

/** The forms a quantity appears in within the course's formulas, by readable name. */
function forms(name: string, v: Vec): [string, Vec][] {
  const t = v.map(Math.tanh);
  const s = v.map((x) => 1 / (1 + Math.exp(-x)));
  return [
    [name, v],
    [`(1 − ${name})`, v.map((x) => 1 - x)],
    [`${name}(1 − ${name})`, v.map((x) => x * (1 - x))],
    [`(1 − ${name}²)`, v.map((x) => 1 - x * x)],
    [`tanh(${name})`, t],
    [`(1 − tanh²(${name}))`, t.map((x) => 1 - x * x)],
    [`σ(${name})`, s],
    [`σ(${name})(1 − σ(${name}))`, s.map((x) => x * (1 - x))],
  ];
}

type Quantity = [name: string, perProbe: Vec[]];

/**
 * The ways a quantity can act on a field entry by entry: elementwise when the lengths agree; for a
 * matrix field, per row (length = rows), or over its first (h) or last (x) block of columns only,
 * the other columns keeping the neutral value.
 */
function placements(v: Vec, length: number, shape: FieldShape | undefined, neutral: number): Vec[] {
  if (v.length === length) return [v];
  const rows = shape?.rows;
  const cols = shape?.cols;
  if (rows === undefined || cols === undefined || rows * cols !== length) return [];
  const out: Vec[] = [];
  if (v.length === rows) out.push(Array.from({ length }, (_, k) => v[Math.floor(k / cols)]));
  if (v.length < cols) {
    out.push(Array.from({ length }, (_, k) => (k % cols < v.length ? v[k % cols] : neutral)));
    const offset = cols - v.length;
    out.push(Array.from({ length }, (_, k) => (k % cols >= offset ? v[(k % cols) - offset] : neutral)));
  }
  return out;
}

/** Every way each quantity can act on the field entry by entry, per probe. */
function factorsOf(q: FindingQuery, quantities: Quantity[], neutral: number): [string, Vec[]][] {
  const out: [string, Vec[]][] = [];
  for (const [name, perProbe] of quantities) {
    const placed = perProbe.map((v, k) => placements(v, q.expected[k].length, q.shapes?.[k], neutral));
    const count = Math.min(...placed.map((p) => p.length));
    for (let j = 0; j < count; j++) out.push([name, placed.map((p) => p[j])]);
  }
  return out;
}

function allForms(quantities: Quantity[]): Quantity[] {
  return quantities.flatMap(([name, perProbe]) => {
    const each = perProbe.map((v) => forms(name, v));
    return each[0].map(([formName], j) => [formName, each.map((f) => f[j][1])] as Quantity);
  });
}

const isOnes = (perProbe: Vec[]) => perProbe.every((v) => v.every((x) => Math.abs(x - 1) < 1e-9));
const nonZero = (perProbe: Vec[]) => perProbe.every((v) => v.every((x) => Math.abs(x) > 1e-9));

function ratioText(k: number): string {
  const inverse = 1 / k;
  if (Math.abs(inverse - Math.round(inverse)) < 1e-9 && Math.abs(inverse) >= 2) return `1/${Math.round(inverse)} of`;
  return `${formatNumber(k)} times`;
}

type Relation = (q: FindingQuery, your: string, quantities: Quantity[]) => string | undefined;

const notFinite: Relation = (q, your) => {
  const broken = q.student.some((a, k) => a.some((v, j) => !Number.isFinite(v) && Number.isFinite(q.expected[k][j])));
  return broken
    ? `${your} is NaN or infinite where the expected value is finite, for saturated or extreme inputs: a formula overflows there.`
    : undefined;
};

const zero: Relation = (q, your) =>
  holds(q, (k) => q.expected[k].map(() => 0)) ? `${your} is zero everywhere, where non-zero values are expected.` : undefined;

const sign: Relation = (q, your) =>
  holds(q, (k) => q.expected[k].map((v) => -v)) ? `${your} has the opposite sign of the expected value.` : undefined;

const constantFactor: Relation = (q, your) => {
  let ae = 0;
  let ee = 0;
  q.student.forEach((a, k) => a.forEach((v, j) => ((ae += v * q.expected[k][j]), (ee += q.expected[k][j] ** 2))));
  const factor = ee === 0 ? NaN : ae / ee;
  if (!Number.isFinite(factor) || Math.abs(factor - 1) < 1e-3 || !holds(q, (k) => q.expected[k].map((v) => factor * v))) return undefined;
  return `${your} is ${ratioText(factor)} the expected value.`;
};

const perSteps: Relation = (q, your) => {
  const steps = q.steps;
  if (!steps || steps.some((T) => T === undefined || T < 2)) return undefined;
  if (holds(q, (k) => q.expected[k].map((v) => v / steps[k]!)))
    return `${your} is the expected value divided by the number of steps T: sum over the steps, do not average.`;
  if (holds(q, (k) => q.expected[k].map((v) => v * steps[k]!))) return `${your} is T times the expected value, for T steps.`;
  return undefined;
};

/** Entries at an edge (first or last entry, row, column or step) are zero; every other entry is right. */
const edgeZero: Relation = (q, your) => {
  const edges: [string, (k: number, index: number) => boolean][] = [
    ['its last entry', (k, i) => i === q.expected[k].length - 1],
    ['its first entry', (_k, i) => i === 0],
    ['its last column', (k, i) => q.shapes?.[k]?.cols !== undefined && i % q.shapes[k].cols! === q.shapes[k].cols! - 1],
    ['its first column', (k, i) => q.shapes?.[k]?.cols !== undefined && i % q.shapes[k].cols! === 0],
    ['its last row', (k, i) => q.shapes?.[k]?.cols !== undefined && i >= q.expected[k].length - q.shapes[k].cols!],
    ['its first step', (k, i) => q.shapes?.[k]?.steps !== undefined && i < q.expected[k].length / q.shapes[k].steps!],
    [
      'its last step',
      (k, i) => q.shapes?.[k]?.steps !== undefined && i >= q.expected[k].length - q.expected[k].length / q.shapes[k].steps!,
    ],
  ];
  for (const [name, isEdge] of edges) {
    const predict = (k: number) => q.expected[k].map((v, i) => (isEdge(k, i) ? 0 : v));
    const someNonZero = q.expected.some((e, k) => e.some((v, i) => isEdge(k, i) && Math.abs(v) > 1e-12));
    if (someNonZero && holds(q, predict))
      return `${your} is right except ${name}, which is zero: does a loop stop one short, or start one late?`;
  }
  return undefined;
};

const matrixLayout: Relation = (q, your) => {
  const shapes = q.shapes;
  if (!shapes || shapes.some((s) => s?.rows === undefined || s.cols === undefined || s.rows < 2)) return undefined;
  const transposed = (k: number) => {
    const { rows, cols } = shapes[k] as Required<Pick<FieldShape, 'rows' | 'cols'>>;
    const e = q.expected[k];
    // Entry (r, c) written at c·rows + r: the data in column-major order.
    const out = new Array<number>(e.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = e[r * cols + c];
    return out;
  };
  if (holds(q, transposed))
    return `${your} holds the right numbers in the wrong layout: entry (r, c) is stored at c·rows + r (column by column) instead of r·cols + c.`;
  const swapped = (k: number) => {
    const { rows, cols } = shapes[k] as Required<Pick<FieldShape, 'rows' | 'cols'>>;
    const e = q.expected[k];
    // [h; x] read as [x; h]: the last cols − rows columns (x) first, then the first rows columns (h).
    const split = rows;
    const out = new Array<number>(e.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[r * cols + c] = c < cols - split ? e[r * cols + split + c] : e[r * cols + c - (cols - split)];
    }
    return out;
  };
  if (shapes.every((s) => s!.cols! > s!.rows!) && holds(q, swapped)) {
    return `${your} has its two blocks of columns swapped: the first H columns belong to h and the last D to x, as in [h; x].`;
  }
  return undefined;
};

const stepOrder: Relation = (q, your) => {
  const steps = q.shapes?.map((s) => s?.steps);
  if (!steps || steps.some((T, k) => T === undefined || T < 2 || q.expected[k].length % T !== 0)) return undefined;
  const blocks = (v: Vec, T: number) => Array.from({ length: T }, (_, t) => v.slice((t * v.length) / T, ((t + 1) * v.length) / T));
  const reorder = (order: (t: number, T: number) => number | undefined) => (k: number) => {
    const T = steps[k]!;
    const e = blocks(q.expected[k], T);
    return Array.from({ length: T }, (_, t) => {
      const from = order(t, T);
      return from === undefined ? new Array<number>(e[0].length).fill(0) : e[from];
    }).flat();
  };
  if (
    holds(
      q,
      reorder((t, T) => T - 1 - t),
    )
  )
    return `${your} holds the expected steps in reverse order: step t has the value of step T − 1 − t.`;
  if (
    holds(
      q,
      reorder((t, T) => (t + 1 < T ? t + 1 : undefined)),
    )
  )
    return `${your} is shifted by one step: step t has the value expected at step t + 1.`;
  if (
    holds(
      q,
      reorder((t) => (t > 0 ? t - 1 : undefined)),
    )
  )
    return `${your} is shifted by one step: step t has the value expected at step t − 1.`;
  if (
    holds(
      q,
      reorder((_t, T) => T - 1),
    )
  )
    return `${your} holds the last step's value at every step: are all steps sharing one array?`;
  return undefined;
};

const equalsQuantity: Relation = (q, your, quantities) => {
  for (const [name, perProbe] of quantities) {
    if (holds(q, (k) => (perProbe[k].length === q.expected[k].length ? perProbe[k] : undefined)))
      return `${your} holds the value of ${name}.`;
  }
  return undefined;
};

const factor: Relation = (q, your, quantities) => {
  for (const [name, perProbe] of factorsOf(q, allForms(quantities), 1)) {
    if (isOnes(perProbe)) continue;
    if (holds(q, (k) => q.expected[k].map((v, j) => v * perProbe[k][j])))
      return `${your} equals the expected value times ${name}: a factor ${name} too many.`;
    if (!nonZero(perProbe)) continue;
    if (holds(q, (k) => q.expected[k].map((v, j) => v / perProbe[k][j])))
      return `${your} equals the expected value divided by ${name}: a factor ${name} is missing.`;
    if (holds(q, (k) => q.expected[k].map((v, j) => v / perProbe[k][j] ** 2)))
      return `${your} divides by ${name} where it should multiply by it.`;
  }
  return undefined;
};

/** A factor A where the expected value has B: a = e ⊙ A ⊘ B. */
const substitution: Relation = (q, your, quantities) => {
  const candidates = factorsOf(q, allForms(quantities), 1);
  for (const [bName, b] of candidates) {
    if (!nonZero(b) || isOnes(b)) continue;
    for (const [aName, a] of candidates) {
      if (aName === bName || isOnes(a)) continue;
      if (holds(q, (k) => q.expected[k].map((v, j) => (v * a[k][j]) / b[k][j])))
        return `${your} has ${aName} where the expected value has ${bName}.`;
    }
  }
  return undefined;
};

/** One additive term missing or extra: a quantity, or the product of two. */
const term: Relation = (q, your, quantities) => {
  const base = factorsOf(q, allForms(quantities), 0);
  const terms: [string, Vec[]][] = [...base];
  const plain = factorsOf(q, quantities, 0);
  for (let i = 0; i < plain.length; i++) {
    for (let j = i; j < plain.length; j++)
      terms.push([`${plain[i][0]} ⊙ ${plain[j][0]}`, plain[i][1].map((v, k) => v.map((x, n) => x * plain[j][1][k][n]))]);
  }
  for (const [name, perProbe] of terms) {
    if (holds(q, (k) => q.expected[k].map((v, j) => v - perProbe[k][j]))) return `${your} misses the term ${name} of the expected value.`;
    if (holds(q, (k) => q.expected[k].map((v, j) => v + perProbe[k][j])))
      return `${your} has an extra term ${name} on top of the expected value.`;
  }
  return undefined;
};

const RELATIONS: Relation[] = [
  zero,
  sign,
  constantFactor,
  perSteps,
  edgeZero,
  matrixLayout,
  stepOrder,
  factor,
  substitution,
  term,
  equalsQuantity,
];

/**
 * The first relation that holds at every probe, as a sentence about the field; undefined when none
 * does. `moderate` probes (the first ones) carry the relations; the others, with saturated and
 * extreme values where most factors are 0 or 1, only show overflows.
 */
export function findRelation(q: FindingQuery, moderate = q.student.length): string | undefined {
  if (q.student.length === 0 || !q.expected.some((e) => e.some((v) => Math.abs(v) > 1e-6))) return undefined;
  const your = q.field === '' ? 'Your result' : `Your ${q.field}`;
  const overflow = notFinite(q, your, []);
  if (overflow) return overflow;
  const slice = <T>(list: T[] | undefined) => list?.slice(0, moderate);
  const m: FindingQuery = {
    ...q,
    student: q.student.slice(0, moderate),
    expected: q.expected.slice(0, moderate),
    quantities: q.quantities.slice(0, moderate),
    shapes: slice(q.shapes),
    steps: slice(q.steps),
  };
  const quantities: Quantity[] = [];
  for (const name of m.quantities[0].keys()) {
    const perProbe = m.quantities.map((map) => map.get(name));
    if (perProbe.every((v) => v !== undefined)) quantities.push([name, perProbe as Vec[]]);
  }
  for (const relation of RELATIONS) {
    const text = relation(m, your, quantities);
    if (text) return text;
  }
  return undefined;
}

/**
 * The named vectors of a call: its arguments (through objects: `cache.f` → `f`), extra named
 * values (the forward's answer), and, for lists, their first and last items (`dhs[0]`).
 */
export function quantitiesOf(args: unknown[], argNames: readonly string[], extra: Record<string, unknown> = {}): Map<string, Vec> {
  const quantities = new Map<string, Vec>();
  const add = (value: unknown, prefix: string) => {
    const shapes = fieldShapes(value);
    for (const [name, numbers] of fieldsOf(value)) {
      const full = name === '' ? prefix : prefix === '' ? name : `${prefix}.${name}`;
      if (numbers.length === 0) continue;
      // Readable names: the innermost part (cache.f → f, caches.f → f), unless that would collide.
      const short = full.split('.').at(-1)!;
      const key = quantities.has(short) ? full : short;
      quantities.set(key, numbers);
      const steps = shapes.get(name)?.steps;
      if (steps !== undefined && steps > 1 && numbers.length % steps === 0) {
        const width = numbers.length / steps;
        quantities.set(`${key}[0]`, numbers.slice(0, width));
        quantities.set(`${key}[T−1]`, numbers.slice(numbers.length - width));
      }
    }
  };
  args.forEach((arg, k) => add(arg, argNames[k] ?? `argument ${k}`));
  for (const [name, value] of Object.entries(extra)) add(value, name);
  return quantities;
}
