/**
 * A diagnosis (grader/model.ts) in sentences, the same in every text output (terminal, JUnit,
 * results.json, annotations); the HTML report lays the same data out itself.
 */
import type { Diagnosis } from '../model';

/** How a field reads in a sentence: `dcPrev`, `the result`, `the change made to ds`. */
export function fieldPhrase(field: string): string {
  if (field === '') return 'result';
  if (field.startsWith('arguments.')) return `change to the argument ${field.slice('arguments.'.length)}`;
  return field;
}

/**
 * "Your dcPrev and dc0 match", or "Your answer matches" when the fields are all the failing ones
 * (a long list of every gradient says less than that).
 */
export function yourFieldsMatch(fields: string[], diagnosis: Pick<Diagnosis, 'failingFields'>): string {
  if (fields.length > 1 && fields.length === diagnosis.failingFields.length) return 'Your answer matches';
  const phrases = fields.map(fieldPhrase);
  const list = phrases.length <= 1 ? phrases.join('') : `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
  return `Your ${list} ${fields.length === 1 ? 'matches' : 'match'}`;
}

export function diagnosisSentences(diagnosis: Diagnosis): string[] {
  const lines: string[] = [];
  for (const mistake of diagnosis.named) {
    lines.push(`${yourFieldsMatch(mistake.fields, diagnosis)} a common mistake: ${mistake.name}.`);
    lines.push(`Hint: ${mistake.hint}`);
  }
  for (const tie of diagnosis.oneOf) {
    lines.push(`${yourFieldsMatch(tie.fields, diagnosis)} one of these common mistakes: ${tie.mistakes.map((m) => m.name).join('; or ')}.`);
  }
  for (const finding of diagnosis.findings) lines.push(finding.text);
  return lines;
}

/** The catalogued mistake a diagnosis names without doubt, if exactly one: for outputs with one slot (JUnit's failure type). */
export function soleMistake(diagnosis: Diagnosis | undefined): Diagnosis['named'][number] | undefined {
  return diagnosis && diagnosis.named.length === 1 && diagnosis.oneOf.length === 0 ? diagnosis.named[0] : undefined;
}
