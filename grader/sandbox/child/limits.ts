/**
 * The sizes that bound every value and message between the grader and the sandbox. One home,
 * because both sides enforce them: the sandbox refuses a value before sending it, and the grader
 * refuses a frame or a value tree that goes past them before reading it (the sandbox's own code
 * may have been subverted). Far above anything an exercise needs.
 */

/** Nesting deeper than any exercise value. */
export const MAX_DEPTH = 64;

/** Numbers, strings, arrays and objects in one value (a plain array of a million numbers is the most). */
export const MAX_VALUE_NODES = 1_000_000;

/** The JSON part of one frame (the value trees, messages, output): JSON.parse of it stays bounded. */
export const MAX_FRAME_JSON_BYTES = 8 * 1024 * 1024;

/** The pool of one request from the grader (its arguments): far above any exercise's. */
export const MAX_REQUEST_FLOAT_BYTES = 64 * 1024 * 1024;

/** The largest frame payload for a given float budget: floats, JSON, and the two length fields. */
export function maxPayloadBytes(maxFloatBytes: number): number {
  return 8 + maxFloatBytes + MAX_FRAME_JSON_BYTES;
}

/**
 * JSON bytes a reply keeps free of values, for its other fields: the output text (at most 6 bytes
 * per character once escaped), the probe answers and the fixed fields.
 */
export function replyReserveBytes(outputBudget: number): number {
  return 6 * outputBudget + 64 * 1024;
}

/** Arrays of one result reported as sharing memory with an argument or an earlier answer (child/shared-memory.ts); the rest are left out. */
export const MAX_SHARED_ENTRIES = 16;

/** The longest path in a shared-memory report (`grads.forget.dW.data`); a longer one is cut and ends in `…`. */
export const MAX_SHARED_PATH_CHARS = 200;
