/**
 * A last look at a value that came out of the sandbox, before any grader code walks it: arrays of
 * absurd length (a sparse `new Array(2 ** 32 - 1)` serializes to a few bytes) and nesting too
 * deep to walk are refused. Shapes and numbers are the checks' business.
 */

/** Longest plain array accepted: far above any exercise (typed arrays are bounded by bytes instead). */
export const MAX_ARRAY_LENGTH = 10_000_000;
export const MAX_DEPTH = 64;

export interface ValueProblem {
  reason: 'too-long' | 'too-deep';
  detail: string;
}

export function checkReturnedValue(value: unknown): ValueProblem | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null || ArrayBuffer.isView(current)) continue;
    if (depth > MAX_DEPTH) return { reason: 'too-deep', detail: String(depth) };
    if (Array.isArray(current)) {
      if (current.length > MAX_ARRAY_LENGTH) return { reason: 'too-long', detail: String(current.length) };
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(current)) stack.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1 });
  }
  return undefined;
}
