/**
 * The grader's own reference, as a library of every function the course's exercises export,
 * built from small factories. A factory receives the library itself and calls the other pieces
 * through it (late binding), so a variant that replaces one piece (a catalogued mistake such as a
 * wrong sigmoid derivative) also changes every later piece that calls it, exactly as a student's
 * own bug travels through their later exercises. Variants are built in memory, never from files.
 *
 * A variant that wraps the piece it replaces reads it when its factory runs (`const reference =
 * library.affine`), before its own layer replaces it: calling `library.affine` at call time would
 * call the variant itself.
 *
 * Forward pieces live in the course modules (grader/course/NN-id.ts); backward pieces and the
 * mistake variants live in the answer key (grader/answer-key/), which the student template does
 * not ship (DESIGN.md section 2).
 */

/** Any exported exercise function. Arguments are the student API's values (Float64Array, Matrix…). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the library spans every exercise signature
export type ExerciseFunction = (...args: any[]) => any;

/** Every exported function of the course, by name. */
export type Library = Readonly<Record<string, ExerciseFunction>>;

/** name → a factory that builds the function from the (finished) library. */
export type Pieces = Readonly<Record<string, (library: Library) => ExerciseFunction>>;

/** The library of `layers`, later layers replacing earlier pieces of the same name. */
export function buildLibrary(...layers: Pieces[]): Library {
  // A plain object (not a Proxy): the reference runs inside every finite difference, so lookups must stay cheap.
  const library: Record<string, ExerciseFunction> = {};
  for (const layer of layers) {
    for (const [name, make] of Object.entries(layer)) library[name] = make(library);
  }
  return Object.freeze(library);
}
