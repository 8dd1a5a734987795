/** Reads one discovered submission, from its folder or its zip. */
import type { StudentSource } from './discover';
import type { Intake } from './files';
import { readFolderSubmission } from './folder';
import { readZipSubmission } from './zip';

export function readSubmission(source: StudentSource): Intake {
  if (source.problem !== undefined || source.source === undefined) {
    return { ok: false, problem: source.problem ?? 'no submission was found', notes: [] };
  }
  try {
    return source.source.kind === 'zip' ? readZipSubmission(source.source.path) : readFolderSubmission(source.source.path);
  } catch (error) {
    return { ok: false, problem: `the submission cannot be read: ${(error as Error).message}`, notes: [] };
  }
}
