/**
 * What the grader needs to know about the student template (`npm run export:student`,
 * docs/student-template.md), which ships without the instructor-only code: the reference backward
 * passes and the trusted trainers' backward members. The exporter replaces each of those bodies
 * (marked `@instructorOnly` in the source) with a throw of an error named NOT_IN_TEMPLATE, written
 * inline so that a stripped file needs no import. Code that can do without them (a diagnosis
 * stage, a cached reference run that was recorded as data) recognises that error here.
 */

/** The `name` of the error a stripped body throws. */
export const NOT_IN_TEMPLATE = 'NotInTemplateError';

/** Whether `error` comes from instructor-only code that the student template left out. */
export function isNotInTemplate(error: unknown): boolean {
  return error instanceof Error && error.name === NOT_IN_TEMPLATE;
}

/** A single-quoted string literal, as the course's sources write them. */
const quoted = (text: string) => `'${text.replace(/[\\']/g, '\\$&')}'`;

/** The statement a stripped body consists of (grader/export/strip.ts writes it). */
export function notInTemplateStatement(what: string): string {
  const message = `${what} is instructor-only: the student template ships without it (docs/student-template.md)`;
  return `throw Object.assign(new Error(${quoted(message)}), { name: ${quoted(NOT_IN_TEMPLATE)} });`;
}

/**
 * A trusted reference run that the student template cannot compute (its trainer's backward pass is
 * left out) and that was not recorded for this configuration. A task exercise that needs it is
 * graded as an error with this message; the other exercises are graded as usual.
 */
export class ReferenceRunUnavailable extends Error {
  override name = 'ReferenceRunUnavailable';
}
