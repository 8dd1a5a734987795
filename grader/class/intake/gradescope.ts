/**
 * A Gradescope export ("Download Submissions", unzipped): `submission_metadata.yml` at the top and
 * one `submission_<id>/` folder per submission. The metadata maps each folder to its submitters,
 * written with Ruby symbol keys:
 *
 *     submission_123456:
 *       :submitters:
 *       - :name: Ada Lovelace
 *         :sid: '2024001'
 *         :email: ada@example.org
 *       :created_at: 2026-03-01 10:00:00.000000000 +01:00
 *
 * A group submission has several submitters; each gets a gradebook row with the group's grade.
 */
import fs from 'node:fs';
import { parse } from 'yaml';

export const GRADESCOPE_METADATA = 'submission_metadata.yml';

export interface GradescopeSubmission {
  /** The folder name, e.g. `submission_123456`. */
  folder: string;
  /** One name per submitter: the student id (sid) when set, else the e-mail, else the name. */
  submitters: string[];
}

function field(record: unknown, key: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as Record<string, unknown>;
  // Ruby symbol keys (`:sid`) normally; plain keys too, for exports written by other tools.
  return r[`:${key}`] ?? r[key];
}

function submitterName(submitter: unknown): string | undefined {
  for (const key of ['sid', 'email', 'name']) {
    const value = field(submitter, key);
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value).trim();
  }
  return undefined;
}

/** The submissions listed in a Gradescope export's metadata file, in the file's order. */
export function readGradescopeMetadata(file: string): GradescopeSubmission[] {
  let data: unknown;
  try {
    // Ruby-specific tags (timestamps, objects) are read as plain values; only the submitters matter.
    data = parse(fs.readFileSync(file, 'utf8'), { logLevel: 'silent' });
  } catch (error) {
    throw new Error(`readGradescopeMetadata: argument file ${file} is not readable YAML: ${(error as Error).message}`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`readGradescopeMetadata: argument file ${file} must map submission folders to their submitters`);
  }
  return Object.entries(data as Record<string, unknown>).map(([folder, record]) => {
    const submitters = field(record, 'submitters');
    const names = (Array.isArray(submitters) ? submitters : []).map(submitterName).filter((n): n is string => n !== undefined);
    return { folder, submitters: names };
  });
}
