/**
 * Thrown by every exercise stub. The grader recognises it (by name, since the student's copy of
 * lib is the grader's own) and reports the exercise as "not attempted" instead of "crashed".
 */
export class NotImplementedError extends Error {
  /** The exported function that still has to be written. */
  readonly functionName: string;

  constructor(functionName: string) {
    super(`${functionName} is not implemented yet: replace the "throw" in its body with your code`);
    this.name = 'NotImplementedError';
    this.functionName = functionName;
  }
}

/** `throw notImplemented('forgetGate')` reads well at the end of a stub. */
export function notImplemented(functionName: string): NotImplementedError {
  return new NotImplementedError(functionName);
}

/** True for a NotImplementedError, also one that crossed a process boundary as a plain object. */
export function isNotImplemented(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'NotImplementedError';
}
