/**
 * An answer as named fields: every array of numbers in it, by path, with the entries of lists
 * (dxs[0], dxs[1], …) and the data of matrices joined under one name ("dxs", "grads.forget.dW").
 * Mistakes are recognised field by field, so one wrong field does not hide what another shows.
 */

/** Field name → its numbers, in order. A bare vector is the field "" (the result). */
export type Fields = Map<string, number[]>;

export function fieldsOf(value: unknown): Fields {
  const fields: Fields = new Map();
  const add = (name: string, numbers: ArrayLike<number>) => {
    const list = fields.get(name) ?? [];
    for (let k = 0; k < numbers.length; k++) list.push(numbers[k]);
    fields.set(name, list);
  };
  const walk = (v: unknown, name: string): void => {
    if (typeof v === 'number') add(name, [v]);
    else if (ArrayBuffer.isView(v)) add(name, v as unknown as ArrayLike<number>);
    else if (Array.isArray(v)) {
      if (v.every((x) => typeof x === 'number')) add(name, v as number[]);
      else for (const item of v) walk(item, name);
    } else if (typeof v === 'object' && v !== null) {
      const record = v as Record<string, unknown>;
      // A matrix is its data: rows and cols are part of its shape, not its values.
      if ('data' in record && 'rows' in record && 'cols' in record) return walk(record.data, name);
      for (const [key, item] of Object.entries(record)) walk(item, name === '' ? key : `${name}.${key}`);
    }
  };
  walk(value, '');
  return fields;
}

/** The field's name as a student reads it: "the result" for a bare vector. */
export function fieldLabel(name: string): string {
  return name === '' ? 'the result' : name;
}

/** How a field's numbers are laid out: a matrix's rows and columns, or the steps of a list. */
export interface FieldShape {
  rows?: number;
  cols?: number;
  /** For a list (hs, dxs, caches.f…): how many items were joined. */
  steps?: number;
}

/** The layout of every field of a value (matrices, and fields joined from the items of a list). */
export function fieldShapes(value: unknown): Map<string, FieldShape> {
  const shapes = new Map<string, FieldShape>();
  const note = (name: string, shape: FieldShape) => shapes.set(name, { ...shapes.get(name), ...shape });
  const walk = (v: unknown, name: string, steps: number | undefined): void => {
    if (typeof v === 'number' || ArrayBuffer.isView(v) || (Array.isArray(v) && v.every((x) => typeof x === 'number'))) {
      if (steps !== undefined) note(name, { steps });
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, name, steps ?? v.length);
    } else if (typeof v === 'object' && v !== null) {
      const record = v as Record<string, unknown>;
      if ('data' in record && typeof record.rows === 'number' && typeof record.cols === 'number') {
        note(name, { rows: record.rows, cols: record.cols, ...(steps !== undefined ? { steps } : {}) });
        return;
      }
      for (const [key, item] of Object.entries(record)) walk(item, name === '' ? key : `${name}.${key}`, steps);
    }
  };
  walk(value, '', undefined);
  return shapes;
}
